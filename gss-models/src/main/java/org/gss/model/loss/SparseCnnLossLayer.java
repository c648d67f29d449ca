package org.gss.model.loss;

import java.util.Collection;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A per-position classification loss on NCHW logits [mb,C,h,w] with sparse labels [mb,1,h,w]
 * (class ids stored as numbers) and a mask [mb,1,h,w].
 *
 * <p>DL4J's {@code CnnLossLayer} scores such labels correctly but refuses them in backprop
 * ("Input and label arrays do not have same shape", a DL4J 1.0.0-M2.1 defect); this layer runs the same
 * computation without that check. As everywhere in DL4J, the score is the masked sum over
 * positions divided by the minibatch size, so a per-position mean needs mask = mb/nValid
 * (defect 6; {@link org.gss.model.EncoderBatch} does this).
 */
public class SparseCnnLossLayer extends CnnLossLayer {

    public SparseCnnLossLayer() {
        // for JSON
    }

    public SparseCnnLossLayer(ILossFunction loss, Activation activation) {
        setLossFn(loss);
        setActivationFn(activation.getActivationFunction());
        setFormat(CNN2DFormat.NCHW);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        Impl layer = new Impl(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }

    /** Runtime: {@code CnnLossLayer} whose backprop accepts labels with one channel. */
    public static class Impl extends org.deeplearning4j.nn.layers.convolution.CnnLossLayer {

        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            if (input.rank() != 4) {
                throw new UnsupportedOperationException("SparseCnnLossLayer " + layerId()
                        + " needs rank-4 NCHW input, got shape " + java.util.Arrays.toString(input.shape()));
            }
            if (labels == null) {
                throw new IllegalStateException("Labels are not set " + layerId());
            }
            CNN2DFormat format = layerConf().getFormat();
            INDArray input2d = ConvolutionUtils.reshape4dTo2d(input, format, workspaceMgr, ArrayType.FF_WORKING_MEM);
            INDArray labels2d = ConvolutionUtils.reshape4dTo2d(labels, format, workspaceMgr, ArrayType.FF_WORKING_MEM);
            INDArray mask2d = ConvolutionUtils.reshapeMaskIfRequired(maskArray, input, format, workspaceMgr,
                    ArrayType.FF_WORKING_MEM);
            INDArray delta2d = layerConf().getLossFn().computeGradient(labels2d, input2d.dup(input2d.ordering()),
                    layerConf().getActivationFn(), mask2d);
            delta2d = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, delta2d);
            INDArray delta4d = ConvolutionUtils.reshape2dTo4d(delta2d, input.shape(), format, workspaceMgr,
                    ArrayType.ACTIVATION_GRAD);
            return new Pair<>(new DefaultGradient(), delta4d);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
