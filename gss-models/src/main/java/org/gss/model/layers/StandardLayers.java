package org.gss.model.layers;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.dropout.SpatialDropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Stock DL4J layers as PyTorch builds them: convolutions with explicit padding (Truncate mode gives
 * PyTorch's output sizes), BatchNorm with eps 1e-5 and momentum 0.1 (DL4J decay 0.9), ReLU as its
 * own layer. BatchNorm keeps DL4J's default {@code useLogStd=true} (running statistics stored as
 * log10 of the standard deviation): {@code useLogStd=false} does not survive the configuration's
 * JSON round trip in M2.1 (it reads back as true), which would corrupt every Spark worker. The builders put weight
 * decay on convolution weights only; {@link org.gss.model.optim.ParamwiseDecay} then sets every parameter's decay by
 * the configured rules (the reference's by default).
 */
public final class StandardLayers {

    public static final double BN_EPS = 1e-5;
    public static final double BN_DECAY = 0.9;

    private StandardLayers() {
    }

    /** k×k convolution, padding dilation·(k−1)/2, He-normal init. */
    public static ConvolutionLayer conv(long nIn, long nOut, int k, int stride, int dilation, boolean bias,
            List<Regularization> weightDecay) {
        int pad = dilation * (k - 1) / 2;
        ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(k, k).nIn(nIn).nOut(nOut).stride(stride, stride)
                .padding(pad, pad).dilation(dilation, dilation).convolutionMode(ConvolutionMode.Truncate)
                .hasBias(bias);
        b.activation(Activation.IDENTITY);
        b.weightInit(WeightInit.RELU);
        return decayWeightsOnly(b, weightDecay).build();
    }

    /** 1×1 classifier convolution with bias, N(0, 0.01²) init, optional channel dropout on its input. */
    public static ConvolutionLayer classifier(long nIn, long nOut, double dropout, List<Regularization> weightDecay) {
        ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(1, 1).nIn(nIn).nOut(nOut).hasBias(true)
                .convolutionMode(ConvolutionMode.Truncate);
        b.activation(Activation.IDENTITY);
        b.weightInit(new NormalDistribution(0, 0.01));
        if (dropout > 0) {
            b.dropOut(new SpatialDropout(1.0 - dropout)); // DL4J takes the retain probability
        }
        return decayWeightsOnly(b, weightDecay).build();
    }

    private static ConvolutionLayer.Builder decayWeightsOnly(ConvolutionLayer.Builder b,
            List<Regularization> weightDecay) {
        b.regularization(weightDecay);
        b.regularizationBias(List.of());
        return b;
    }

    /** BatchNorm (as {@link GssBatchNormalization}: decayable affine parameters, optional frozen statistics). */
    public static GssBatchNormalization batchNorm(long channels) {
        return GssBatchNormalization.of(new BatchNormalization.Builder().nIn(channels).nOut(channels).eps(BN_EPS)
                .decay(BN_DECAY).useLogStd(true).build());
    }

    public static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

    /**
     * conv → BN → ReLU under {@code name}.conv / .bn / .relu (mmcv's ConvModule); returns the ReLU's name.
     */
    public static String convBnRelu(GraphBuilder gb, String name, String input, long nIn, long nOut, int k,
            List<Regularization> weightDecay) {
        gb.addLayer(name + ".conv", conv(nIn, nOut, k, 1, 1, false, weightDecay), input);
        gb.addLayer(name + ".bn", batchNorm(nOut), name + ".conv");
        gb.addLayer(name + ".relu", relu(), name + ".bn");
        return name + ".relu";
    }
}
