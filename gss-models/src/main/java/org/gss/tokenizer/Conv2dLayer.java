package org.gss.tokenizer;

import java.util.Map;

import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference {@code dall_e.utils.Conv2d}: stride 1, symmetric zero padding (k-1)/2, bias, no kernel flip.
 * Runs NHWC with the weights pre-permuted from PyTorch's OIHW to [kh, kw, in, out], the layout that ND4J's conv2d
 * (and its oneDNN helper) takes without a reorder.
 */
final class Conv2dLayer {
    private final String key;
    private final int kernel;
    private final long inChannels;
    private final long outChannels;
    private final INDArray weightsYxio;
    private final INDArray bias;
    private final Conv2DConfig config;

    /** Builds the conv stored under {@code key + ".w"} (OIHW) and {@code key + ".b"} in a validated state dict. */
    Conv2dLayer(Map<String, INDArray> stateDict, String key, DvaeVariant variant) {
        INDArray w = stateDict.get(key + ".w");
        INDArray b = stateDict.get(key + ".b");
        if (w == null || b == null || w.rank() != 4 || w.size(2) != w.size(3)) {
            throw new IllegalArgumentException("conv '" + key + "' missing or not square OIHW in state dict");
        }
        this.key = key;
        this.kernel = (int) w.size(2);
        this.outChannels = w.size(0);
        this.inChannels = w.size(1);
        // OIHW -> YXIO; the KERNEL_HW_SWAPPED test variant reads the file as OIWH instead.
        int[] perm = variant == DvaeVariant.KERNEL_HW_SWAPPED ? new int[] {3, 2, 1, 0} : new int[] {2, 3, 1, 0};
        this.weightsYxio = w.castTo(DataType.FLOAT).permute(perm).dup('c');
        INDArray bf = b.castTo(DataType.FLOAT).reshape(outChannels).dup();
        this.bias = variant == DvaeVariant.IGNORE_CONV_BIAS ? Nd4j.zeros(DataType.FLOAT, outChannels) : bf;
        int pad = (kernel - 1) / 2;
        this.config = Conv2DConfig.builder()
                .kH(kernel).kW(kernel).sH(1).sW(1).pH(pad).pW(pad).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID) // explicit padding pH/pW, as in F.conv2d(padding=(k-1)//2)
                .dataFormat(Conv2DConfig.NHWC)
                .weightsFormat(WeightsFormat.YXIO)
                .build();
    }

    /** Convolves an NHWC float input; returns a new array, the input is left untouched. */
    INDArray apply(INDArray xNhwc) {
        if (xNhwc.rank() != 4 || xNhwc.size(3) != inChannels) {
            throw new IllegalArgumentException("conv '" + key + "' expects NHWC input with " + inChannels
                    + " channels, got shape " + java.util.Arrays.toString(xNhwc.shape()));
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT,
                new long[] {xNhwc.size(0), xNhwc.size(1), xNhwc.size(2), outChannels}, 'c');
        Nd4j.exec(new Conv2D(new INDArray[] {xNhwc, weightsYxio, bias}, new INDArray[] {out}, config));
        return out;
    }

    String key() {
        return key;
    }

    int kernel() {
        return kernel;
    }

    long inChannels() {
        return inChannels;
    }

    long outChannels() {
        return outChannels;
    }
}
