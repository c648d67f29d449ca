package org.gss.tokenizer;

import org.gss.data.image.LabelMap;
import org.gss.data.view.LabelOps;
import org.gss.maskige.Inverse;
import org.gss.maskige.Palette;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stage I on one label map: label → maskige (palette) → tokens (tokenizer) and tokens → maskige → labels (inverse).
 * Label maps whose sides are not multiples of the token size are padded with the ignore id first (its own colour) and
 * cropped back after decoding, so any image size works.
 */
public final class MaskigeCodec {
    private final Palette palette;
    private final Tokenizer tokenizer;
    private final Inverse inverse;

    public MaskigeCodec(Palette palette, Tokenizer tokenizer, Inverse inverse) {
        this.palette = palette;
        this.tokenizer = tokenizer;
        this.inverse = inverse;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public Palette palette() {
        return palette;
    }

    /** Tokens of one label map: INT32 {@code [h', w']} with h' = ceil(H/8), w' = ceil(W/8). */
    public INDArray encode(LabelMap labels) {
        int f = tokenizer.downsampleFactor();
        LabelMap padded = LabelOps.pad(labels, roundUp(labels.width(), f), roundUp(labels.height(), f), LabelMap.IGNORE);
        float[] chw = palette.toMaskigeNchw(padded);
        try (INDArray maskige = Nd4j.create(chw, new long[] {1, 3, padded.height(), padded.width()}, 'c')) {
            INDArray tokens = tokenizer.encode(maskige);
            return tokens.reshape(new long[] {tokens.size(1), tokens.size(2)});
        }
    }

    /** Decoded maskige of a token map, float {@code [1, 3, 8h, 8w]} in [0, 1]. */
    public INDArray decodeMaskige(INDArray tokens2d) {
        INDArray t = tokens2d.castTo(DataType.INT32).reshape(new long[] {1, tokens2d.size(0), tokens2d.size(1)});
        return tokenizer.decodeRgb(t);
    }

    /** Labels of a token map, cropped to {@code width × height}. */
    public LabelMap decode(INDArray tokens2d, int width, int height) {
        INDArray rgb = decodeMaskige(tokens2d);
        LabelMap full = inverse.invert(rgb)[0];
        rgb.close();
        return LabelOps.crop(full, 0, 0, width, height);
    }

    /** label → maskige → tokens → maskige → label: the Stage I reconstruction of one label map. */
    public LabelMap reconstruct(LabelMap labels) {
        INDArray tokens = encode(labels);
        LabelMap out = decode(tokens, labels.width(), labels.height());
        tokens.close();
        return out;
    }

    private static int roundUp(int v, int f) {
        return (v + f - 1) / f * f;
    }
}
