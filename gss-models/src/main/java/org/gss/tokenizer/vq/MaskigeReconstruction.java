package org.gss.tokenizer.vq;

import org.gss.data.image.LabelMap;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.SegmentationMetrics;
import org.gss.maskige.Inverse;
import org.gss.maskige.Palette;
import org.gss.tokenizer.Tokenizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Stage I on its own (the paper's maskige reconstruction, Table 1): labels → maskige → tokens → decoded maskige →
 * inverse → labels, scored against the input labels with the evaluation's confusion matrix (ignore pixels of the
 * ground truth excluded, counts summed over all maps).
 */
public final class MaskigeReconstruction {
    private MaskigeReconstruction() {
    }

    /** Scores every map of {@code labels}; sides that are not multiples of the token size are padded with ignore. */
    public static SegmentationMetrics score(Tokenizer tokenizer, Palette palette, Inverse inverse,
            Iterable<LabelMap> labels) {
        ConfusionMatrix cm = new ConfusionMatrix(palette.numClasses());
        for (LabelMap gt : labels) {
            cm.accumulate(gt, reconstruct(tokenizer, palette, inverse, gt));
        }
        return SegmentationMetrics.from(cm);
    }

    /** One map's round trip through the tokenizer and the inverse, at the map's own size. */
    public static LabelMap reconstruct(Tokenizer tokenizer, Palette palette, Inverse inverse, LabelMap labels) {
        INDArray decoded = decoded(tokenizer, palette, labels);
        LabelMap out = inverse.invert(decoded)[0];
        decoded.close();
        return out;
    }

    /** The decoded maskige [1, 3, H, W] of one label map (cropped back to the map's size after padding). */
    public static INDArray decoded(Tokenizer tokenizer, Palette palette, LabelMap labels) {
        int f = tokenizer.downsampleFactor();
        LabelMap padded = padToMultiple(labels, f);
        INDArray maskige = Nd4j.create(palette.toMaskigeNchw(padded),
                new long[] {1, 3, padded.height(), padded.width()}, 'c');
        INDArray tokens = tokenizer.encode(maskige);
        INDArray rgb = tokenizer.decodeRgb(tokens);
        if (padded != labels) {
            rgb = rgb.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, labels.height()),
                    NDArrayIndex.interval(0, labels.width())).dup('c');
        }
        return rgb;
    }

    /** The map itself if both sides are multiples of f, else a copy padded right and bottom with the ignore id. */
    static LabelMap padToMultiple(LabelMap m, int f) {
        int w = (m.width() + f - 1) / f * f;
        int h = (m.height() + f - 1) / f * f;
        if (w == m.width() && h == m.height()) {
            return m;
        }
        LabelMap out = LabelMap.filled(w, h, LabelMap.IGNORE);
        for (int y = 0; y < m.height(); y++) {
            System.arraycopy(m.ids(), y * m.width(), out.ids(), y * w, m.width());
        }
        return out;
    }
}
