package org.gss.jobs.eval;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.data.augment.ImageOps;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.view.LabelOps;
import org.gss.maskige.Inverse;
import org.gss.maskige.MaskigeSettings;
import org.gss.maskige.Palette;
import org.gss.model.GssEncoderModel;
import org.gss.model.ImageInference;
import org.gss.store.Checkpoints;
import org.gss.tokenizer.config.SharedTokenizers;
import org.gss.tokenizer.Tokenizer;
import org.gss.tokenizer.config.TokenizerSettings;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Generative inference with a trained checkpoint: image → encoder ψ → argmax tokens → tokenizer decoder → maskige →
 * inverse X⁻¹ → labels. With a {@code resize} step the image is first resized keeping its ratio (mmseg
 * {@code img_scale}, keep_ratio) and the labels come back to its own size (nearest). {@code whole}: the image is
 * resized so its short side is {@code short-side}, padded to the token grid, predicted once and the labels resized
 * back (nearest). {@code slide}: crop×crop windows every stride pixels; each window's labels vote one-hot and overlapping votes are summed, as the reference merges windows. The
 * geometry and the network's input are {@link ImageInference}'s (shared with the token cache's pseudo-label fill).
 */
public final class ModelPredictor implements Predictor {
    /** What a model predictor needs besides the checkpoint: the palette/inverse and the tokenizer it was trained for. */
    public record ModelInference(MaskigeSettings maskige, TokenizerSettings tokenizer) implements Serializable {
        /** Read only when a checkpoint is used: PNG-folder runs need no tokenizer configured. */
        public static ModelInference when(org.gss.config.GssConfig cfg, String checkpoint) {
            return checkpoint.isEmpty() ? null
                    : new ModelInference(MaskigeSettings.from(cfg), TokenizerSettings.from(cfg));
        }
    }

    /**
     * @param checkpoint a checkpoint folder, resolved on the driver ({@link Checkpoints#resolveForInference}) so that
     *                   every executor loads the same one while training may still be adding checkpoints
     */
    public record Factory(String checkpoint, InferenceSettings inference, ModelInference model)
            implements PredictorFactory {
        @Override
        public Predictor open(Configuration hadoop) {
            return new ModelPredictor(Checkpoints.loadNetwork(checkpoint, hadoop), inference, model);
        }

        @Override
        public String kind() {
            return Predictors.CHECKPOINT;
        }

        @Override
        public String location() {
            return checkpoint;
        }
    }

    private final ComputationGraph net;
    private final InferenceSettings inference;
    private final Tokenizer tokenizer;
    private final Inverse inverse;
    private final int classes;

    ModelPredictor(ComputationGraph net, InferenceSettings inference, ModelInference model) {
        this.net = net;
        this.inference = inference;
        this.tokenizer = SharedTokenizers.get(model.tokenizer());
        Palette p = model.maskige().createPalette();
        this.inverse = model.maskige().createInverse(p);
        this.classes = model.maskige().classes();
    }

    @Override
    public Prediction predict(PredictionInput input) {
        RgbImage original = input.image();
        int[] size = inference.resizedSize(original.width(), original.height());
        RgbImage img = inference.resizes() ? ImageOps.resizeBilinear(original, size[0], size[1]) : original;
        LabelMap labels = inference.mode() == InferenceSettings.Mode.SLIDE
                ? ImageInference.slide(img, inference.crop(), inference.stride(), classes, this::window)
                : inference.resizes() ? ImageInference.whole(img, this::window)
                : ImageInference.whole(img, inference.shortSide(), this::window);
        if (inference.resizes()) {
            labels = LabelOps.resizeNearest(labels, original.width(), original.height());
        }
        return new Prediction(labels, input.imageUri(), org.gss.config.GssConfig.sha256Bytes(labels.ids()));
    }

    /** One forward pass of the token head, decoded: tokens → tokenizer decoder → maskige → inverse. */
    private LabelMap window(RgbImage img) {
        try (INDArray x = ImageInference.input(img)) {
            INDArray tokens = GssEncoderModel.predictTokens(net, x);
            INDArray rgb = tokenizer.decodeRgb(tokens);
            LabelMap labels = inverse.invert(rgb)[0];
            tokens.close();
            rgb.close();
            return labels;
        }
    }
}
