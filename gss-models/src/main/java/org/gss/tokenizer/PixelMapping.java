package org.gss.tokenizer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** DALL-E's logit-Laplace pixel mapping ({@code dall_e/utils.py}), eps = 0.1, in float32 like the reference. */
public final class PixelMapping {
    public static final float EPS = 0.1f;

    private PixelMapping() {
    }

    /** {@code map_pixels(x) = (1 − 2·eps)·x + eps}: [0, 1] → [0.1, 0.9]. Returns a new float array. */
    public static INDArray map(INDArray x01) {
        INDArray y = x01.castTo(DataType.FLOAT).dup();
        return y.muli(1 - 2 * EPS).addi(EPS);
    }

    /** {@code unmap_pixels(y) = clamp((y − eps) / (1 − 2·eps), 0, 1)}. Returns a new float array. */
    public static INDArray unmap(INDArray y) {
        INDArray x = y.castTo(DataType.FLOAT).dup();
        x.subi(EPS).divi(1 - 2 * EPS);
        return Transforms.min(Transforms.max(x, 0.0, false), 1.0, false);
    }
}
