package org.gss.jobs.eval;

import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.layout.BadInputPolicy;

/** Validated settings of {@code gss predict} ({@code gss.predict}). */
public record PredictSettings(String input, String split, String out, String checkpoint, String predictions,
        String predictionName, int classes, String palette, InferenceSettings inference, BadInputPolicy badInput,
        int partitions, ModelPredictor.ModelInference model) {

    public static PredictSettings from(GssConfig cfg) {
        Settings s = Settings.of(cfg, "gss.predict");
        String template = s.nonEmpty("prediction-name");
        if (!template.contains("{id}")) {
            throw s.error("prediction-name", "must contain {id} (one file per image)", null);
        }
        InferenceSettings inference;
        try {
            inference = InferenceSettings.from(s);
        } catch (IllegalArgumentException e) {
            throw s.error("mode", e.getMessage(), e);
        }
        if (Predictors.kindFor(s.string("predictions"), s.string("checkpoint")).isEmpty()) {
            throw new org.gss.config.ConfigError("gss.predict.predictions: give a folder of prediction PNGs or a model"
                    + " checkpoint");
        }
        return new PredictSettings(s.nonEmpty("input"), s.string("split"), s.nonEmpty("out"), s.string("checkpoint"),
                s.string("predictions"), template, s.intIn("classes", 0, 255), s.nonEmpty("palette"), inference,
                BadInputPolicy.parse(s.oneOf("bad-input", "fail", "skip")), s.intIn("partitions", 0, 100_000),
                ModelPredictor.ModelInference.when(cfg, s.string("checkpoint")));
    }
}
