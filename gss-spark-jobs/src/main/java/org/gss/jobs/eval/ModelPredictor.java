package org.gss.jobs.eval;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.data.augment.ImageOps;
import org.gss.data.augment.Normalization;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.view.LabelOps;
import org.gss.jobs.train.Checkpoints;
import org.gss.maskige.Inverse;
import org.gss.maskige.MaskigeSettings;
import org.gss.maskige.Palette;
import org.gss.model.GssEncoderModel;
import org.gss.tokenizer.SharedTokenizers;
import org.gss.tokenizer.Tokenizer;
import org.gss.tokenizer.TokenizerSettings;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generative inference with a trained checkpoint: image → encoder ψ → argmax tokens → tokenizer decoder → maskige →
 * inverse X⁻¹ → labels. {@code whole}: the image is resized so its short side is {@code short-side}, padded to the
 * token grid, predicted once and the labels resized back (nearest). {@code slide}: crop×crop windows every stride
 * pixels; each window's labels vote one-hot and overlapping votes are summed, as the reference merges windows.
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

    public record Factory(String checkpoint, InferenceSettings inference, ModelInference model)
            implements PredictorFactory {
        @Override
        public Predictor open(Configuration hadoop) {
            String folder = Checkpoints.latest(checkpoint, hadoop).map(Checkpoints.Meta::path)
                    .orElse(checkpointFolder(checkpoint));
            return new ModelPredictor(Checkpoints.loadNetwork(folder, hadoop), inference, model);
        }

        @Override
        public String kind() {
            return "checkpoint";
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

    /** A checkpoint folder or its model.zip (a training run folder is resolved to its latest checkpoint first). */
    static String checkpointFolder(String location) {
        return location.endsWith("model.zip") ? location.substring(0, location.length() - "/model.zip".length())
                : location;
    }

    @Override
    public Prediction predict(PredictionInput input) {
        RgbImage img = input.image();
        LabelMap labels = inference.mode() == InferenceSettings.Mode.SLIDE ? slide(img) : whole(img);
        return new Prediction(labels, input.imageUri(), org.gss.config.GssConfig.sha256Bytes(labels.ids()));
    }

    private LabelMap whole(RgbImage img) {
        double s = (double) inference.shortSide() / Math.min(img.width(), img.height());
        int w = Math.max(8, (int) Math.round(img.width() * s));
        int h = Math.max(8, (int) Math.round(img.height() * s));
        RgbImage resized = ImageOps.resizeBilinear(img, w, h);
        LabelMap out = window(ImageOps.pad(resized, roundUp(w), roundUp(h)));
        return LabelOps.resizeNearest(LabelOps.crop(out, 0, 0, w, h), img.width(), img.height());
    }

    private LabelMap slide(RgbImage img) {
        int crop = inference.crop();
        int stride = inference.stride();
        int w = Math.max(img.width(), crop);
        int h = Math.max(img.height(), crop);
        RgbImage padded = ImageOps.pad(img, w, h);
        int[] votes = new int[w * h * classes];
        int rows = Math.max(h - crop + stride - 1, 0) / stride + 1;
        int cols = Math.max(w - crop + stride - 1, 0) / stride + 1;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int y0 = Math.max(Math.min(r * stride, h - crop), 0);
                int x0 = Math.max(Math.min(c * stride, w - crop), 0);
                LabelMap win = window(ImageOps.crop(padded, x0, y0, crop, crop));
                for (int y = 0; y < crop; y++) {
                    for (int x = 0; x < crop; x++) {
                        votes[((y0 + y) * w + x0 + x) * classes + win.get(x, y)]++;
                    }
                }
            }
        }
        byte[] out = new byte[img.width() * img.height()];
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int base = (y * w + x) * classes;
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    if (votes[base + k] > votes[base + best]) {
                        best = k;
                    }
                }
                out[y * img.width() + x] = (byte) best;
            }
        }
        return new LabelMap(img.width(), img.height(), out);
    }

    /** One forward pass on an image whose sides are multiples of 8. */
    private LabelMap window(RgbImage img) {
        float[] chw = new float[3 * img.width() * img.height()];
        Normalization.toChw(img, chw, 0);
        try (INDArray x = Nd4j.create(chw, new long[] {1, 3, img.height(), img.width()}, 'c')) {
            INDArray tokens = GssEncoderModel.predictTokens(net, x);
            INDArray rgb = tokenizer.decodeRgb(tokens);
            LabelMap labels = inverse.invert(rgb)[0];
            tokens.close();
            rgb.close();
            return labels;
        }
    }

    private static int roundUp(int v) {
        return (v + 7) / 8 * 8;
    }
}
