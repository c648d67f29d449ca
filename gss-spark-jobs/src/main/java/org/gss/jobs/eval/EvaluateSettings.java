package org.gss.jobs.eval;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gss.config.ConfigError;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.layout.BadInputPolicy;
import org.gss.eval.MeanMode;

/** Validated settings of {@code gss evaluate} ({@code gss.evaluate}). */
public record EvaluateSettings(String out, String checkpoint, MeanMode mean, BadInputPolicy badInput, int panels,
        int panelWidth, int baselineGrid, int baselineImages, int partitions, List<EvalDatasetSettings> datasets,
        ModelPredictor.ModelInference model) {

    public static EvaluateSettings from(GssConfig cfg) {
        Settings s = Settings.of(cfg, "gss.evaluate");
        MeanMode mean = s.oneOf("mean", "nan-excluded", "absent-as-zero").equals("nan-excluded")
                ? MeanMode.NAN_EXCLUDED : MeanMode.ABSENT_AS_ZERO;
        List<EvalDatasetSettings> datasets = new ArrayList<>();
        for (Map.Entry<String, Config> e : cfg.openMap("gss.evaluate.datasets").entrySet()) {
            datasets.add(EvalDatasetSettings.from(e.getKey(),
                    new Settings(e.getValue(), "gss.evaluate.datasets." + ConfigUtil.joinPath(e.getKey()))));
        }
        if (datasets.isEmpty()) {
            throw new ConfigError("gss.evaluate.datasets: no datasets to evaluate; add an entry such as"
                    + " gss.evaluate.datasets.cityscapes { manifest = ..., predictions = ... }");
        }
        String checkpoint = s.string("checkpoint");
        for (EvalDatasetSettings d : datasets) {
            if (Predictors.kindFor(d.predictions(), checkpoint).isEmpty()) {
                throw new ConfigError("gss.evaluate.datasets." + d.name() + ".predictions is empty and"
                        + " gss.evaluate.checkpoint is not set: give a folder of prediction PNGs or a model checkpoint");
            }
        }
        return new EvaluateSettings(s.nonEmpty("out"), checkpoint, mean,
                BadInputPolicy.parse(s.oneOf("bad-input", "fail", "skip")), s.intIn("panels", 0, 100),
                s.intIn("panel-width", 16, 4096), s.intIn("baseline-grid", 1, 1024),
                s.intIn("baseline-images", 0, Integer.MAX_VALUE), s.intIn("partitions", 0, 100_000),
                List.copyOf(datasets), ModelPredictor.ModelInference.when(cfg, checkpoint));
    }

    /** The same settings predicting with {@code checkpoint} (e.g. the run folder resolved to its latest checkpoint). */
    public EvaluateSettings withCheckpoint(String checkpoint) {
        return new EvaluateSettings(out, checkpoint, mean, badInput, panels, panelWidth, baselineGrid, baselineImages,
                partitions, datasets, model);
    }
}
