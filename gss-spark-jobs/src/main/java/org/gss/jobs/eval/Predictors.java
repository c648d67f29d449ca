package org.gss.jobs.eval;

import org.gss.config.ConfigError;

/**
 * Chooses the predictor of an evaluated dataset or a {@code gss predict} run: a folder of prediction PNGs when one is
 * given, otherwise the model checkpoint ({@link ModelPredictor}; the caller resolves a training run folder to its
 * latest checkpoint once, with {@link org.gss.store.Checkpoints#resolveForInference}).
 */
public final class Predictors {
    private Predictors() {
    }

    /**
     * @param key the config key that names the predictions (for error messages)
     */
    public static PredictorFactory choose(String predictions, String template, String checkpoint,
            InferenceSettings inference, String key, ModelPredictor.ModelInference model) {
        if (!predictions.isEmpty()) {
            return new PngFolderPredictor.Factory(predictions, template);
        }
        if (!checkpoint.isEmpty()) {
            return new ModelPredictor.Factory(checkpoint, inference, model);
        }
        throw new ConfigError(key + ": give a folder of prediction PNGs or a model checkpoint");
    }
}
