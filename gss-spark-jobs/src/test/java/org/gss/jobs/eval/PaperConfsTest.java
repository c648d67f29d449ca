package org.gss.jobs.eval;

import static org.gss.jobs.eval.EvalCli.q;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gss.config.GssConfig;
import org.gss.data.label.CityscapesLabels;
import org.gss.maskige.MaskigeSettings;
import org.gss.maskige.Palette;
import org.junit.jupiter.api.Test;

/**
 * The paper confs declare the reference test pipelines (issue 13, item 3: datasets, splits, whole/slide, crop/stride,
 * keep-ratio resize) and the reference maskige palettes (item 5: the Cityscapes colours for Cityscapes, the
 * maximal-distance design for ADE20K and MSeg). {@link PaperEvaluationIT} runs the Cityscapes one on the real layout.
 */
class PaperConfsTest {
    static final Path PROJECT = Path.of(System.getProperty("gsstest.project.dir", "..")).toAbsolutePath().normalize();
    static final Path CITYSCAPES_CONF = PROJECT.resolve("conf/cityscapes-r101-ff.conf");
    static final String PALETTE = q("gss.maskige.palette-file", PROJECT.resolve("conf/palettes/cityscapes-19.txt"));

    @Test
    void paperConfsDeclareTheReferenceTestPipelines() {
        GssConfig cs = load("cityscapes-r101-ff.conf");
        EvalDatasetSettings c = EvaluateSettings.from(cs).datasets().get(0);
        assertEquals("cityscapes", c.name());
        assertEquals("val", c.split());
        assertEquals(cs.root().getString("gss.index.out"), c.manifest());
        assertEquals(new InferenceSettings(InferenceSettings.Mode.SLIDE, 768, 512, 512, 2048, 1024), c.inference());
        assertEquals(cs.root().getString("gss.train.out"), EvaluateSettings.from(cs).checkpoint());

        GssConfig ade = load("ade20k-r101-ff.conf");
        EvalDatasetSettings a = EvaluateSettings.from(ade).datasets().get(0);
        assertEquals("ade20k", a.name());
        assertEquals("resize (2048, 512), whole", a.inference().describe());
        assertEquals("ade20k", a.palette());

        EvalDatasetSettings ms = EvaluateSettings.from(load("mseg-r101-ff.conf")).datasets().get(0);
        assertEquals(List.of("voc2012", "pascal-context-60", "camvid-11", "wilddash-19", "kitti-19", "scannet-20"),
                ms.domains());
        assertEquals(PredictionTaxonomy.UNIVERSAL, ms.taxonomy());
        assertEquals(new InferenceSettings(InferenceSettings.Mode.SLIDE, 768, 512, 512, 2048, 512), ms.inference());
        // mmseg's keep-ratio rescale into (2048, 512): a 1280x720 image becomes 910x512, Cityscapes stays as it is
        assertArrayEquals(new int[] {910, 512}, ms.inference().resizedSize(1280, 720));
        assertArrayEquals(new int[] {2048, 1024}, c.inference().resizedSize(2048, 1024));
        assertArrayEquals(new int[] {2048, 256}, ms.inference().resizedSize(4096, 512), "the long side binds");

        // the local variants still load (smaller images: whole-image inference)
        for (String conf : List.of("cityscapes-r101-ff.conf", "ade20k-r101-ff.conf", "mseg-r101-ff.conf")) {
            GssConfig v = GssConfig.load(Optional.of(PROJECT.resolve("conf/" + conf)), Optional.of("local"), List.of());
            assertEquals(InferenceSettings.Mode.WHOLE, EvaluateSettings.from(v).datasets().get(0).inference().mode(),
                    conf);
        }
    }

    /** Cityscapes maskiges are painted with the Cityscapes colours (the official label table), ignore black. */
    @Test
    void cityscapesConfPaintsWithTheShippedCityscapesPalette() {
        GssConfig cs = GssConfig.load(Optional.of(CITYSCAPES_CONF), List.of(PALETTE));
        MaskigeSettings ms = MaskigeSettings.from(cs);
        assertEquals("file", ms.palette());
        Palette p = ms.createPalette();
        int[] official = CityscapesLabels.official().trainColors();
        assertEquals(19, p.numClasses());
        for (int k = 0; k < 19; k++) {
            int[] c = p.colour(k);
            assertEquals(official[k], (c[0] << 16) | (c[1] << 8) | c[2], "train id " + k);
        }
        assertArrayEquals(new int[] {0, 0, 0}, p.ignoreColour());
        // ADE20K and MSeg keep the maximal-distance design
        assertEquals("maximal-distance", MaskigeSettings.from(load("ade20k-r101-ff.conf")).palette());
        assertEquals("maximal-distance", MaskigeSettings.from(load("mseg-r101-ff.conf")).palette());
    }

    static GssConfig load(String conf) {
        return GssConfig.load(Optional.of(PROJECT.resolve("conf/" + conf)), List.of());
    }
}
