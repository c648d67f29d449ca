package org.gss.tokenizer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.AvgPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Upsampling2d;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The parameter-free NHWC ops of the dVAE. Each returns a new array and leaves its input alone. */
final class NhwcOps {
    private NhwcOps() {
    }

    /** relu(x) as a new array (nn.ReLU in the reference is not in place: the identity path needs the raw x). */
    static INDArray relu(INDArray x) {
        return Transforms.relu(x, true);
    }

    /** relu(x) written into x, for intermediates that nothing else reads; returns x. */
    static INDArray reluInPlace(INDArray x) {
        return Transforms.relu(x, false);
    }

    /** MaxPool2d(2): 2×2 window, stride 2, no padding, floor. {@code avg} is the AVG_POOL test variant. */
    static INDArray pool2(INDArray x, boolean avg) {
        Pooling2DConfig cfg = Pooling2DConfig.builder()
                .kH(2).kW(2).sH(2).sW(2).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID)
                .type(avg ? Pooling2D.Pooling2DType.AVG : Pooling2D.Pooling2DType.MAX)
                .divisor(Pooling2D.Divisor.INCLUDE_PADDING)
                .isNHWC(true)
                .build();
        return avg ? Nd4j.exec(new AvgPooling2D(x, null, cfg))[0] : Nd4j.exec(new MaxPooling2D(x, null, cfg))[0];
    }

    /** nn.Upsample(scale_factor=2, mode='nearest'): out[y, x] = in[y/2, x/2]. */
    static INDArray upsample2(INDArray x) {
        return Nd4j.exec(new Upsampling2d(x, 2, 2, false))[0];
    }

    /** Frees an intermediate's off-heap memory now rather than at GC (views and workspace arrays are left alone). */
    static void release(INDArray x) {
        if (x != null) {
            x.close();
        }
    }
}
