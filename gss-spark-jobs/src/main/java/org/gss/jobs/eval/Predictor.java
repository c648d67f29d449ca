package org.gss.jobs.eval;

/**
 * Image → label map: the one thing evaluation and {@code gss predict} need from a model. Implementations: a folder of
 * prediction PNGs ({@link PngFolderPredictor}: reconstructions, third-party results) and the trained GSS model
 * ({@link ModelPredictor}: image → ψ → tokens → tokenizer decoder → maskige → X⁻¹, honouring
 * {@link InferenceSettings}), opened through {@link PredictorFactory}. A predictor lives on one executor and is used by
 * one thread.
 */
public interface Predictor extends AutoCloseable {
    /**
     * The prediction for one image, at the image's size. Problems with the input (missing or unreadable prediction
     * file, wrong size) are {@link org.gss.data.image.BadInputException}s naming the file.
     */
    Prediction predict(PredictionInput input);

    @Override
    default void close() {
    }
}
