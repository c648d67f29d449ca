package org.gss.model;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Double-precision gradient checks with DL4J's {@link GradientCheckUtil} (central differences). */
public final class GradientChecks {

    private GradientChecks() {
    }

    /** Switches ND4J to double precision, as gradient checks need. */
    public static void useDoublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** Graph builder for gradient checks: double precision, no updater, fixed seed. */
    public static GraphBuilder graphBuilder(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE).updater(new NoOp())
                .graphBuilder();
    }

    /**
     * input [mb,cIn,h,w] → 1×1 conv (tanh; gives the layer under test an input gradient to check)
     * → {@code layer} → MSE loss against random targets of the layer's output shape.
     */
    public static ComputationGraph singleLayerGraph(Layer layer, int cIn, int cMid, int h, int w) {
        ComputationGraph g = new ComputationGraph(graphBuilder(12345).addInputs("in")
                .setInputTypes(InputType.convolutional(h, w, cIn))
                .addLayer("pre", new ConvolutionLayer.Builder(1, 1).nIn(cIn).nOut(cMid)
                        .activation(Activation.TANH).weightInit(WeightInit.XAVIER).build(), "in")
                .addLayer("test", layer, "pre")
                .addLayer("out", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "test")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    public static boolean check(ComputationGraph g, INDArray[] inputs, INDArray[] labels, INDArray[] labelMasks,
            int maxPerParam) {
        GradientCheckUtil.GraphConfig c = new GradientCheckUtil.GraphConfig().net(g).inputs(inputs).labels(labels)
                .labelMask(labelMasks).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false);
        if (maxPerParam > 0) {
            c.subset(true).maxPerParam(maxPerParam);
        }
        return GradientCheckUtil.checkGradients(c);
    }
}
