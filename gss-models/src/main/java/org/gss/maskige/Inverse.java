package org.gss.maskige;

import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * X⁻¹ of the paper: a (decoded, hence noisy) maskige back to a label map of class ids 0..K-1.
 *
 * <p><b>Input convention:</b> float RGB in 0..1, planar (CHW; NCHW for a batch), exactly what the dVAE decoder gives
 * after {@code unmap_pixels(sigmoid(out[:, :3]))}. Values outside 0..1 (e.g. added noise) are accepted as they are.
 * Implementations that work in 0..255 multiply by 255f in float32, as the reference does before its distance test.
 * The output never holds the ignore id: the reference's FF inverse has no ignore class (it drops that palette row).
 *
 * <p>Implementations: {@link NearestColourInverse} (the reference's GSS-FF decoding), {@link LeastSquaresInverse}
 * (the paper's closed-form β†). A trained inverse (GSS-FT: 1×1 → 3×3 → 1×1 convolutions; FT-W: Swin blocks) can
 * implement {@link #invert(INDArray)} with its network's output argmax and let the float[] methods wrap their data
 * with {@code Nd4j.create(data, shape)}.
 */
public interface Inverse {
    /** K: ids in the returned maps are 0..K-1. */
    int numClasses();

    /**
     * One maskige: three H×W float planes (r, g, b; 0..1) starting at {@code offset} in {@code chw}.
     */
    LabelMap invert(float[] chw, int offset, int height, int width);

    /** A batch stored as one float32 NCHW array [n, 3, H, W] (0..1). */
    default LabelMap[] invertBatch(float[] nchw, int n, int height, int width) {
        long need = 3L * n * height * width;
        if (n < 1 || need != nchw.length) {
            throw new IllegalArgumentException("NCHW array has " + nchw.length + " floats, expected " + need + " for ["
                    + n + ",3," + height + "," + width + "]");
        }
        LabelMap[] out = new LabelMap[n];
        int plane = 3 * height * width;
        for (int b = 0; b < n; b++) {
            out[b] = invert(nchw, b * plane, height, width);
        }
        return out;
    }

    /** A batch as an ND4J array [n, 3, H, W] of any float type (0..1), e.g. the tokenizer's decoder output. */
    default LabelMap[] invert(INDArray nchw) {
        if (nchw.rank() != 4 || nchw.size(1) != 3) {
            throw new IllegalArgumentException("expected a [n,3,H,W] maskige array, got shape "
                    + java.util.Arrays.toString(nchw.shape()));
        }
        float[] data = nchw.castTo(DataType.FLOAT).dup('c').data().asFloat();
        return invertBatch(data, (int) nchw.size(0), (int) nchw.size(2), (int) nchw.size(3));
    }

    /** An 8-bit maskige (e.g. a PNG written by the reconstruct job); each value v is read as v/255f. */
    default LabelMap invert(RgbImage maskige) {
        int n = maskige.width() * maskige.height();
        float[] chw = new float[3 * n];
        byte[] rgb = maskige.rgb();
        for (int i = 0; i < n; i++) {
            chw[i] = (rgb[3 * i] & 0xFF) / 255f;
            chw[n + i] = (rgb[3 * i + 1] & 0xFF) / 255f;
            chw[2 * n + i] = (rgb[3 * i + 2] & 0xFF) / 255f;
        }
        return invert(chw, 0, maskige.height(), maskige.width());
    }
}
