package org.gss.model.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A BatchNorm in evaluation mode during training (mmseg {@code norm_eval=True}): y = γ·(x − μ)/√(σ² + ε) + β with
 * the running μ and σ² in the forward pass of training and inference alike, so the statistics of a 2-image worker
 * batch never enter the network; the running statistics get zero gradients (they stay as they are) while γ and β
 * learn: ∂L/∂γ = Σ ∂L/∂y·x̂, ∂L/∂β = Σ ∂L/∂y, ∂L/∂x = ∂L/∂y·γ/√(σ² + ε). NCHW input only (the encoder's layout).
 */
final class FrozenStatisticsBatchNormLayer extends BatchNormalization {

    FrozenStatisticsBatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private org.deeplearning4j.nn.conf.layers.BatchNormalization bn() {
        return (org.deeplearning4j.nn.conf.layers.BatchNormalization) conf().getLayer();
    }

    /** √(σ² + ε) per channel, from the running variance (DL4J stores log10 of σ when useLogStd). */
    private INDArray std() {
        INDArray var;
        if (bn().isUseLogStd()) {
            INDArray log10std = getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            var = Transforms.pow(Nd4j.valueArrayOf(log10std.shape(), 10.0, log10std.dataType()),
                    log10std.mul(2.0), false);
        } else {
            var = getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).dup();
        }
        return Transforms.sqrt(var.addi(bn().getEps()), false).reshape(-1);
    }

    private INDArray gamma() {
        return getParam(BatchNormalizationParamInitializer.GAMMA).reshape(-1);
    }

    private void checkInput(INDArray x) {
        if (x.rank() != 4 || bn().getCnn2DFormat() != CNN2DFormat.NCHW) {
            throw new IllegalStateException("frozen-statistics BatchNorm '" + layerId() + "' needs NCHW input of rank"
                    + " 4, got rank " + x.rank() + " " + bn().getCnn2DFormat());
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = input.castTo(dataType);
        checkInput(x);
        INDArray scale = gamma().div(std());
        INDArray shift = getParam(BatchNormalizationParamInitializer.BETA).reshape(-1)
                .sub(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(-1).mul(scale));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        Nd4j.getExecutioner().exec(new BroadcastMulOp(x, scale, out, 1));
        Nd4j.getExecutioner().exec(new BroadcastAddOp(out, shift, out, 1));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = input.castTo(dataType);
        checkInput(x);
        INDArray std = std();
        INDArray mean = getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(-1);
        // x̂ = (x − μ)/√(σ² + ε), as the forward pass used it
        INDArray xHat = Nd4j.createUninitialized(dataType, x.shape(), 'c');
        Nd4j.getExecutioner().exec(new BroadcastAddOp(x, mean.neg(), xHat, 1));
        Nd4j.getExecutioner().exec(new BroadcastMulOp(xHat, Transforms.pow(std, -1.0, true), xHat, 1));
        INDArray eps = epsilon.castTo(dataType);

        Gradient g = new DefaultGradient();
        for (String p : bn().initializer().paramKeys(bn())) {
            INDArray view = gradientViews.get(p);
            switch (p) {
                case BatchNormalizationParamInitializer.GAMMA ->
                        view.assign(eps.mul(xHat).sum(0, 2, 3).reshape(view.shape()));
                case BatchNormalizationParamInitializer.BETA -> view.assign(eps.sum(0, 2, 3).reshape(view.shape()));
                default -> view.assign(0); // running statistics stay as they are
            }
            g.setGradientFor(p, view);
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, eps.shape(), 'c');
        Nd4j.getExecutioner().exec(new BroadcastMulOp(eps, gamma().div(std), dx, 1));
        return new Pair<>(g, dx);
    }
}
