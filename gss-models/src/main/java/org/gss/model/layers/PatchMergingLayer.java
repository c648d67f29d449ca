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
 * Swin's patch merging as mmseg writes it ({@code PatchMerging}): an NCHW map [mb,C,H,W] is zero-padded
 * at the bottom/right to even H, W, each 2×2 neighbourhood is gathered as {@code nn.Unfold} does (feature
 * c·4 + ky·2 + kx, channel-major — not the original Swin's cat(x0,x1,x2,x3) order), normalised by a
 * LayerNorm over the 4C features and projected to {@code outChannels} by a bias-free linear map
 * ([out, 4C], PyTorch layout). Output [mb, outChannels, ⌈H/2⌉, ⌈W/2⌉].
 */
public class PatchMergingLayer extends GssSameDiffLayer {

    public static final String NORM_W = "normW";
    public static final String NORM_B = "normB";
    public static final String REDUCTION_W = "reductionW";

    @JsonProperty("channels")
    private int channels;
    @JsonProperty("outChannels")
    private int outChannels;

    protected PatchMergingLayer() {
    }

    public PatchMergingLayer(int channels, int outChannels) {
        this.channels = channels;
        this.outChannels = outChannels;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        long[] s = x.getShape();
        int h = (int) s[2];
        int w = (int) s[3];
        int hp = h + h % 2;
        int wp = w + w % 2;
        SDVariable t = x;
        if (hp != h || wp != w) {
            INDArray pads = Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {0, hp - h}, {0, wp - w}});
            t = sd.nn().pad(t, sd.constant(pads), 0.0);
        }
        // [mb,C,H/2,2,W/2,2] -> [mb,H/2,W/2,C,2,2] -> [mb,H/2,W/2,4C] (feature c*4 + ky*2 + kx)
        t = t.reshape(-1, channels, hp / 2, 2, wp / 2, 2).permute(0, 2, 4, 1, 3, 5)
                .reshape(-1, hp / 2, wp / 2, 4L * channels);
        t = SdOps.layerNormLastAxis(t, p.get(NORM_W), p.get(NORM_B), 4).reshape(-1, 4L * channels);
        t = sd.linalg().mmul(t, p.get(REDUCTION_W), false, true, false);
        return t.reshape(-1, hp / 2, wp / 2, outChannels).permute(0, 3, 1, 2);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional c = checkInput(inputType, channels);
        return InputType.convolutional((c.getHeight() + 1) / 2, (c.getWidth() + 1) / 2, outChannels);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addBiasParam(NORM_W, 4L * channels);
        params.addBiasParam(NORM_B, 4L * channels);
        params.addWeightParam(REDUCTION_W, outChannels, 4L * channels);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(NORM_W).assign(1.0);
        params.get(NORM_B).assign(0.0);
        truncatedNormal(params.get(REDUCTION_W), 0.02);
    }

    @Override
    public Set<String> decayedParams() {
        return Set.of(REDUCTION_W);
    }

    @Override
    protected Object[] settings() {
        return new Object[] {channels, outChannels};
    }
}
