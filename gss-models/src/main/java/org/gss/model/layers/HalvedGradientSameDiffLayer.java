package org.gss.model.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;

/**
 * DL4J's SameDiff layer runtime with two M2.1 defects worked around.
 *
 * <ol>
 *   <li>Its backward pass returns exactly twice the true gradients (the external-errors gradient
 *       is added twice, a DL4J 1.0.0-M2.1 defect): every parameter gradient and the input gradient are
 *       halved here. Each layer built on this runtime is proved with {@code GradientCheckUtil}.</li>
 *   <li>The SameDiff graph is defined for the spatial shape of the first input (only the minibatch
 *       dimension is left free): for another shape (inference on other image sizes, edge tiles) the
 *       graph is defined again; the last {@value #KEPT_SHAPES} definitions are kept for reuse.</li>
 * </ol>
 */
public class HalvedGradientSameDiffLayer extends SameDiffLayer {

    private static final int KEPT_SHAPES = 4;

    /** One definition of the layer's SameDiff graph (the fields the DL4J runtime works with). */
    private record Definition(SameDiff sameDiff, SDVariable outputVar, ExternalErrorsFunction fn, String outputKey) {
    }

    private List<Long> definedFor;
    private final Map<List<Long>, Definition> kept = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Long>, Definition> eldest) {
            return size() > KEPT_SHAPES;
        }
    };

    public HalvedGradientSameDiffLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        useDefinitionForInputShape();
        return super.activate(training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        useDefinitionForInputShape();
        Pair<Gradient, INDArray> result = super.backpropGradient(epsilon, workspaceMgr);
        for (INDArray g : result.getFirst().gradientForVariable().values()) {
            g.muli(0.5);
        }
        result.getSecond().muli(0.5);
        return result;
    }

    private void useDefinitionForInputShape() {
        if (input == null) {
            return;
        }
        long[] s = input.shape().clone();
        s[0] = -1;
        List<Long> shape = Arrays.stream(s).boxed().toList();
        if (shape.equals(definedFor)) {
            return;
        }
        if (definedFor != null && sameDiff != null) {
            kept.put(definedFor, new Definition(sameDiff, outputVar, fn, outputKey));
        }
        Definition d = kept.get(shape);
        if (d != null) {
            sameDiff = d.sameDiff();
            outputVar = d.outputVar();
            fn = d.fn();
            outputKey = d.outputKey();
        } else {
            sameDiff = null; // doInit() defines the graph for this shape on the next pass
        }
        definedFor = shape;
    }
}
