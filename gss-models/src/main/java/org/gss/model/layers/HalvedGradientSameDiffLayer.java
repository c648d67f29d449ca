package org.gss.model.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's SameDiff layer runtime with two M2.1 defects worked around.
 *
 * <ol>
 *   <li>Its backward pass returns exactly twice the true gradients (the external-errors gradient
 *       is added twice, STACK.md defect 7): every parameter gradient and the input gradient are
 *       halved here. Each layer built on this runtime is proved with {@code GradientCheckUtil}.</li>
 *   <li>The SameDiff graph is defined once for the spatial shape of the first input (only the
 *       minibatch dimension is left free): when a later input has another shape (inference on
 *       images of other sizes) the graph is defined again for that shape.</li>
 * </ol>
 */
public class HalvedGradientSameDiffLayer extends SameDiffLayer {

    private long[] definedForShape;

    public HalvedGradientSameDiffLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        redefineIfShapeChanged();
        return super.activate(training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        redefineIfShapeChanged();
        Pair<Gradient, INDArray> result = super.backpropGradient(epsilon, workspaceMgr);
        for (INDArray g : result.getFirst().gradientForVariable().values()) {
            g.muli(0.5);
        }
        result.getSecond().muli(0.5);
        return result;
    }

    private void redefineIfShapeChanged() {
        if (input == null) {
            return;
        }
        long[] shape = input.shape().clone();
        shape[0] = -1;
        if (definedForShape != null && !Arrays.equals(shape, definedForShape)) {
            sameDiff = null; // doInit() runs again on the next pass
        }
        definedForShape = shape;
    }
}
