package org.gss.model;

import org.gss.data.view.TokenGrid;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.data.augment.ImageOps;
import org.gss.data.augment.Normalization;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.view.LabelOps;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the Stage II encoder over a whole image: the one place that decides how an image reaches the network outside
 * training, shared by evaluation and {@code gss predict} (token head → tokenizer decoder → inverse) and by the token
 * cache's pseudo-label fill (auxiliary head). The input is normalised exactly as training crops are
 * ({@link Normalization}: ImageNet mean/std, CHW) and the forward pass runs in inference mode (BatchNorm running
 * statistics).
 *
 * <ul>
 *   <li>{@link #whole}: resize so the short side is {@code shortSide} (the image's own short side: no resize), pad
 *       (black, right and bottom) to the 8-pixel token grid, one window, crop the padding off, resize back
 *       (nearest).</li>
 *   <li>{@link #slide}: crop×crop windows every {@code stride} pixels over the image at its own size (padded to at
 *       least one window); each window's labels vote one-hot and the class with most votes wins (ties: lowest id),
 *       as the reference merges sliding windows.</li>
 * </ul>
 * A window function maps an image whose sides are multiples of 8 (whole) or crop×crop (slide) to labels at least that
 * large; {@link #auxClasses} is the auxiliary head's.
 */
public final class ImageInference {
    private ImageInference() {
    }

    /** One image as the network's input: [1, 3, H, W] float, normalised as in training. */
    public static INDArray input(RgbImage img) {
        float[] chw = new float[3 * img.width() * img.height()];
        Normalization.toChw(img, chw, 0);
        return Nd4j.create(chw, new long[] {1, 3, img.height(), img.width()}, 'c');
    }

    /**
     * The auxiliary head's argmax class per pixel of one window, at the window's size. A {@link ComputationGraph} is
     * not safe for concurrent use: callers that share one across threads synchronise on it.
     */
    public static LabelMap auxClasses(ComputationGraph net, RgbImage window) {
        try (INDArray x = input(window)) {
            return auxClasses(net, x);
        }
    }

    /** The same for an already normalised input [1, 3, H, W] (e.g. a training crop). */
    public static LabelMap auxClasses(ComputationGraph net, INDArray input) {
        GssEncoderModel.Prediction p = GssEncoderModel.predict(net, input);
        int[] ids = p.pixels().castTo(DataType.INT32).dup('c').data().asInt();
        p.tokens().close();
        p.pixels().close();
        byte[] out = new byte[ids.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ids[i];
        }
        return new LabelMap((int) input.size(3), (int) input.size(2), out);
    }

    /** Whole-image inference at short side {@code shortSide}; the labels come back at the image's size. */
    public static LabelMap whole(RgbImage img, int shortSide, Function<RgbImage, LabelMap> window) {
        double s = (double) shortSide / Math.min(img.width(), img.height());
        int w = Math.max(TokenGrid.DEFAULT.size(), (int) Math.round(img.width() * s));
        int h = Math.max(TokenGrid.DEFAULT.size(), (int) Math.round(img.height() * s));
        RgbImage resized = ImageOps.resizeBilinear(img, w, h);
        LabelMap out = window.apply(ImageOps.pad(resized, roundUp(w), roundUp(h)));
        return LabelOps.resizeNearest(LabelOps.crop(out, 0, 0, w, h), img.width(), img.height());
    }

    /** Whole-image inference at the image's own resolution (no resize; padding to the token grid only). */
    public static LabelMap whole(RgbImage img, Function<RgbImage, LabelMap> window) {
        return whole(img, Math.min(img.width(), img.height()), window);
    }

    /** Sliding-window inference; window labels must be ids below {@code classes}. */
    public static LabelMap slide(RgbImage img, int crop, int stride, int classes, Function<RgbImage, LabelMap> window) {
        if (crop < 1 || stride < 1 || stride > crop) {
            throw new IllegalArgumentException("slide: need 1 <= stride <= crop, got crop " + crop + ", stride "
                    + stride);
        }
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
                LabelMap win = window.apply(ImageOps.crop(padded, x0, y0, crop, crop));
                for (int y = 0; y < crop; y++) {
                    for (int x = 0; x < crop; x++) {
                        int id = win.get(x, y);
                        if (id >= classes) {
                            throw new IllegalArgumentException("window label " + id + " is not below " + classes);
                        }
                        votes[((y0 + y) * w + x0 + x) * classes + id]++;
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

    private static int roundUp(int v) {
        return TokenGrid.DEFAULT.roundUp(v);
    }
}
