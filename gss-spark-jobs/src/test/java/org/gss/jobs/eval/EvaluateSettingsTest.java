package org.gss.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gss.config.ConfigError;
import org.gss.data.testing.TestConfig;
import org.gss.eval.MeanMode;
import org.junit.jupiter.api.Test;

/** gss.evaluate from config: defaults of the "*" template, per-dataset overrides, and the errors users will meet. */
class EvaluateSettingsTest {
    static EvaluateSettings load(String... sets) {
        return EvaluateSettings.from(TestConfig.of(List.of(sets)).load());
    }

    @Test
    void entriesTakeTheTemplateDefaultsAndTheirOwnValues() {
        EvaluateSettings s = load("gss.evaluate.datasets.cityscapes.manifest=/m/cs",
                "gss.evaluate.datasets.cityscapes.predictions=/p/cs", "gss.evaluate.datasets.cityscapes.mode=slide",
                "gss.evaluate.datasets.voc.manifest=/m/mseg", "gss.evaluate.datasets.voc.predictions=/p/mseg",
                "gss.evaluate.datasets.voc.taxonomy=universal", "gss.evaluate.datasets.voc.domains=[voc2012]",
                "gss.evaluate.mean=absent-as-zero");
        assertEquals(MeanMode.ABSENT_AS_ZERO, s.mean());
        assertEquals(2, s.datasets().size());
        EvalDatasetSettings cs = s.datasets().get(0);
        assertEquals("cityscapes", cs.name());
        assertEquals("val", cs.split());
        assertEquals(new InferenceSettings(InferenceSettings.Mode.SLIDE, 768, 512, 512), cs.inference());
        assertEquals("slide 768x768 stride 512", cs.inference().describe());
        assertEquals(PredictionTaxonomy.DATASET, cs.taxonomy());
        assertEquals("{domain}/{id}.png", cs.predictionName());
        EvalDatasetSettings voc = s.datasets().get(1);
        assertEquals(PredictionTaxonomy.UNIVERSAL, voc.taxonomy());
        assertEquals(List.of("voc2012"), voc.domains());
        assertEquals("whole, short side 512", voc.inference().describe());
    }

    @Test
    void mistakesAreConfigErrorsNamingTheKey() {
        ConfigError typo = assertThrows(ConfigError.class, () -> load("gss.evaluate.datasets.cs.manifest=/m",
                "gss.evaluate.datasets.cs.predictons=/p"));
        assertTrue(typo.getMessage().contains("gss.evaluate.datasets.cs.predictons"), typo.getMessage());
        assertTrue(typo.getMessage().contains("did you mean"), typo.getMessage());

        ConfigError none = assertThrows(ConfigError.class, () -> load());
        assertTrue(none.getMessage().contains("no datasets to evaluate"), none.getMessage());

        ConfigError noSource = assertThrows(ConfigError.class, () -> load("gss.evaluate.datasets.cs.manifest=/m"));
        assertTrue(noSource.getMessage().contains("gss.evaluate.datasets.cs.predictions is empty"), noSource.getMessage());

        ConfigError stride = assertThrows(ConfigError.class, () -> load("gss.evaluate.datasets.cs.manifest=/m",
                "gss.evaluate.datasets.cs.predictions=/p", "gss.evaluate.datasets.cs.stride=900"));
        assertTrue(stride.getMessage().contains("gss.evaluate.datasets.cs.stride"), stride.getMessage());

        ConfigError template = assertThrows(ConfigError.class, () -> load("gss.evaluate.datasets.cs.manifest=/m",
                "gss.evaluate.datasets.cs.predictions=/p", "gss.evaluate.datasets.cs.prediction-name=x.png"));
        assertTrue(template.getMessage().contains("must contain {id}"), template.getMessage());

        ConfigError table = assertThrows(ConfigError.class, () -> load("gss.evaluate.datasets.cs.manifest=/m",
                "gss.evaluate.datasets.cs.predictions=/p", "gss.evaluate.datasets.cs.universal-to-test=[0, 1]"));
        assertTrue(table.getMessage().contains("only used with taxonomy = universal"), table.getMessage());

        ConfigError mean = assertThrows(ConfigError.class, () -> load("gss.evaluate.datasets.cs.manifest=/m",
                "gss.evaluate.datasets.cs.predictions=/p", "gss.evaluate.mean=mseg"));
        assertTrue(mean.getMessage().contains("gss.evaluate.mean"), mean.getMessage());
    }

    @Test
    void predictionPngsWinOverACheckpointWhichOtherwiseGivesTheModelPredictor() {
        EvaluateSettings s = load("gss.evaluate.datasets.cs.manifest=/m", "gss.evaluate.checkpoint=/ckpt/model.zip");
        EvalDatasetSettings cs = s.datasets().get(0);
        PredictorFactory model = Predictors.choose(cs.predictions(), cs.predictionName(), s.checkpoint(),
                cs.inference(), "gss.evaluate.datasets.cs.predictions", s.model());
        assertEquals("checkpoint", model.kind());
        assertEquals("/ckpt/model.zip", model.location());
        ConfigError e = assertThrows(ConfigError.class, () -> Predictors.choose("", "{id}.png", "", cs.inference(),
                "k", null));
        assertTrue(e.getMessage().contains("prediction PNGs or a model checkpoint"), e.getMessage());
        PredictorFactory png = Predictors.choose("/p", "{id}.png", "/ckpt/model.zip", cs.inference(), "k", s.model());
        assertEquals("png-folder", png.kind());
        assertEquals("/p", png.location());
        assertEquals("a/b_x.png", PngFolderPredictor.fileName("{domain}/{id}_{split}.png", "a", "x", "b"));
        assertEquals("b.png", PngFolderPredictor.fileName("{domain}/{id}.png", "", "", "b"));
    }
}
