package org.gss.model.layers;

import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * LayerNorm over the channels of each position of an NCHW map (what nn.LayerNorm does on the
 * token sequence of a [mb,H·W,C] transformer output), eps 1e-5, gain 1 and bias 0 at start.
 * Parameters {@code weight} and {@code bias}, never weight-decayed.
 */
public class ChannelLayerNormLayer extends GssSameDiffLayer {

    public static final String WEIGHT = "weight";
    public static final String BIAS = "bias";

    @JsonProperty("channels")
    private long channels;

    protected ChannelLayerNormLayer() {
    }

    public ChannelLayerNormLayer(long channels) {
        this.channels = channels;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable t = x.permute(0, 2, 3, 1);
        SDVariable y = SdOps.layerNormLastAxis(t, params.get(WEIGHT), params.get(BIAS), 4);
        return y.permute(0, 3, 1, 2);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return checkInput(inputType, channels);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam(WEIGHT, channels);
        params.addBiasParam(BIAS, channels);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(WEIGHT).assign(1.0);
        params.get(BIAS).assign(0.0);
    }

    @Override
    public Set<String> decayedParams() {
        return Set.of();
    }

    @Override
    protected Object[] settings() {
        return new Object[] {channels};
    }
}
