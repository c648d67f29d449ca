package org.gss.jobs.eval;

import java.util.Optional;
import org.gss.config.ConfigError;
import org.gss.config.Registry;

/**
 * The predictor kinds of an evaluated dataset or a {@code gss predict} run, in order of precedence: a folder of
 * prediction PNGs when one is given, otherwise the model checkpoint ({@link ModelPredictor}; the caller resolves a
 * training run folder to its latest checkpoint once, with {@link org.gss.store.Checkpoints#resolveForInference}). Settings
 * validate with {@link #kindFor} and jobs construct with {@link #choose}: the same table.
 */
public final class Predictors {
    public static final String PNG_FOLDER = "png-folder";
    public static final String CHECKPOINT = "checkpoint";

    /** What a predictor is built from. */
    private record Source(String predictions, String template, String checkpoint, InferenceSettings inference,
            ModelPredictor.ModelInference model) {
    }

    /** A kind: when it applies to (predictions, checkpoint), and how to build its factory. */
    private record Kind(java.util.function.BiPredicate<String, String> applies,
            java.util.function.Function<Source, PredictorFactory> create) {
    }

    private static final Registry<Kind> REGISTRY = Registry.<Kind>of("predictor")
            .add(PNG_FOLDER, new Kind((predictions, checkpoint) -> !predictions.isEmpty(),
                    s -> new PngFolderPredictor.Factory(s.predictions(), s.template())))
            .add(CHECKPOINT, new Kind((predictions, checkpoint) -> !checkpoint.isEmpty(),
                    s -> new ModelPredictor.Factory(s.checkpoint(), s.inference(), s.model())))
            .build();

    private Predictors() {
    }

    /** The kind that predicts for this pair, the first that applies; empty when neither is given. */
    public static Optional<String> kindFor(String predictions, String checkpoint) {
        return REGISTRY.names().stream().filter(n -> REGISTRY.get(n).applies().test(predictions, checkpoint))
                .findFirst();
    }

    /**
     * @param key the config key that names the predictions (for error messages)
     */
    public static PredictorFactory choose(String predictions, String template, String checkpoint,
            InferenceSettings inference, String key, ModelPredictor.ModelInference model) {
        String kind = kindFor(predictions, checkpoint).orElseThrow(() -> new ConfigError(key
                + ": give a folder of prediction PNGs or a model checkpoint"));
        return REGISTRY.get(kind).create().apply(new Source(predictions, template, checkpoint, inference, model));
    }
}
