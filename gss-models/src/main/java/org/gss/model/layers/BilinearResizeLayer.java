package org.gss.model.layers;

import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bilinear resize of NCHW feature maps with half-pixel centres (PyTorch {@code align_corners=False},
 * no antialiasing), written as two matrix products y = A_h · x · A_wᵀ because SameDiff's
 * {@code resizeBiLinear} has no working backward pass in DL4J 1.0.0-M2.1.
 *
 * <p>Up by f: out = in·f. Down by f: out = ceil(in/f), which is exactly the size of the next
 * coarser ResNet level for any input size (each stride-2 stage rounds up). No parameters.
 */
public class BilinearResizeLayer extends GssSameDiffLayer {

    @JsonProperty("factor")
    private int factor;
    @JsonProperty("down")
    private boolean down;
    @JsonProperty("channels")
    private long channels;

    protected BilinearResizeLayer() {
    }

    private BilinearResizeLayer(long channels, int factor, boolean down) {
        if (factor < 1) {
            throw new IllegalArgumentException("resize factor must be >= 1, got " + factor);
        }
        this.channels = channels;
        this.factor = factor;
        this.down = down;
    }

    /** Upsamples [mb,C,h,w] to [mb,C,h·f,w·f]. */
    public static BilinearResizeLayer up(long channels, int factor) {
        return new BilinearResizeLayer(channels, factor, false);
    }

    /** Downsamples [mb,C,h,w] to [mb,C,ceil(h/f),ceil(w/f)]. */
    public static BilinearResizeLayer down(long channels, int factor) {
        return new BilinearResizeLayer(channels, factor, true);
    }

    public long outputSize(long in) {
        return down ? (in + factor - 1) / factor : in * factor;
    }

    /**
     * The [out, in] matrix A with y = A·x along one axis: half-pixel centres,
     * src = (dst + 0.5)·in/out − 0.5 clamped below at 0 (as PyTorch does), linear between the two
     * neighbouring inputs, the upper one clamped to in−1.
     */
    public static INDArray interpolationMatrix(int in, int out, DataType dataType) {
        double[][] a = new double[out][in];
        double scale = (double) in / out;
        for (int d = 0; d < out; d++) {
            double src = Math.max((d + 0.5) * scale - 0.5, 0.0);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double l1 = src - i0;
            a[d][i0] += 1.0 - l1;
            a[d][i1] += l1;
        }
        return Nd4j.createFromArray(a).castTo(dataType);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
        long[] s = x.getShape();
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        int ho = (int) outputSize(h);
        int wo = (int) outputSize(w);
        DataType dt = x.dataType();
        SDVariable y = x;
        if (wo != w) {
            SDVariable awT = sd.constant(interpolationMatrix(w, wo, dt).transpose().dup());
            y = y.reshape(-1, w).mmul(awT).reshape(-1, c, h, wo);
        }
        if (ho != h) {
            SDVariable ahT = sd.constant(interpolationMatrix(h, ho, dt).transpose().dup());
            y = y.permute(0, 1, 3, 2).reshape(-1, h).mmul(ahT).reshape(-1, c, wo, ho).permute(0, 1, 3, 2);
        }
        return ho == h && wo == w ? x.mul(1.0) : y;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional c = checkInput(inputType, channels);
        return InputType.convolutional(outputSize(c.getHeight()), outputSize(c.getWidth()), c.getChannels());
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        // none
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // none
    }

    @Override
    public Set<String> decayedParams() {
        return Set.of();
    }

    @Override
    protected Object[] settings() {
        return new Object[] {factor, down, channels};
    }
}
