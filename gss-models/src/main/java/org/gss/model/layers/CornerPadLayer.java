package org.gss.model.layers;

import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Zero-pads an NCHW map at the bottom and right to multiples of {@code multiple} (mmseg's
 * {@code AdaptivePadding(padding="corner")} before a patch embedding whose kernel equals its stride);
 * an input already a multiple passes through. No parameters.
 */
public class CornerPadLayer extends GssSameDiffLayer {

    @JsonProperty("multiple")
    private int multiple;
    @JsonProperty("channels")
    private long channels;

    protected CornerPadLayer() {
    }

    public CornerPadLayer(long channels, int multiple) {
        if (multiple < 1) {
            throw new IllegalArgumentException("padding multiple must be >= 1, got " + multiple);
        }
        this.channels = channels;
        this.multiple = multiple;
    }

    long padded(long v) {
        return (v + multiple - 1) / multiple * multiple;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
        long[] s = x.getShape();
        long dh = padded(s[2]) - s[2];
        long dw = padded(s[3]) - s[3];
        if (dh == 0 && dw == 0) {
            return x.mul(1.0);
        }
        INDArray pads = Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {0, (int) dh}, {0, (int) dw}});
        return sd.nn().pad(x, sd.constant(pads), 0.0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional c = checkInput(inputType, channels);
        return InputType.convolutional(padded(c.getHeight()), padded(c.getWidth()), c.getChannels());
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
        return new Object[] {channels, multiple};
    }
}
