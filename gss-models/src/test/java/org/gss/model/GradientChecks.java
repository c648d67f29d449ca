package org.gss.model;

import java.util.Set;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
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
import org.nd4j.nativeblas.NativeOpsHolder;

/** Double-precision gradient checks with DL4J's {@link GradientCheckUtil} (central differences). */
public final class GradientChecks {

    private GradientChecks() {
    }

    /**
     * Switches ND4J to double precision, as gradient checks need, and to one native thread: on a
     * loaded 2-core machine OpenMP/BLAS threads spin against each other and small ops become
     * 10–40× slower.
     */
    public static void useDoublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        singleThreaded();
    }

    /** One native thread for ND4J ops, OpenMP and BLAS (test speed on shared machines). */
    public static void singleThreaded() {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
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

    /**
     * Central differences (ε 1e-6) against backprop for every parameter not in {@code exclude}
     * (names "layer_param"); relative error ≤ 1e-4, or absolute error ≤ 1e-9. The defects this
     * guards against give relative errors of 0.3 (gradient ×2) or more.
     */
    /**
     * Sets every BatchNorm's decay to 1 so that its running statistics stay put: DL4J reports their
     * running-average updates as "gradients", which central differences (training mode, batch
     * statistics) see as 0. With decay 1 both are 0 and every parameter can be checked. (Excluding
     * them by name does not work: GradientCheckUtil names graph parameters in paramTable order, which
     * differs from the flattened layout as soon as the graph branches.)
     */
    public static ComputationGraphConfiguration freezeBatchNormStatistics(ComputationGraphConfiguration conf) {
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization bn) {
                bn.setDecay(1.0);
            }
        }
        return conf;
    }

    public static boolean check(ComputationGraph g, INDArray[] inputs, INDArray[] labels, INDArray[] labelMasks,
            Set<String> exclude) {
        GradientCheckUtil.GraphConfig c = new GradientCheckUtil.GraphConfig().net(g).inputs(inputs).labels(labels)
                .labelMask(labelMasks).epsilon(1e-6).maxRelError(1e-4).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false)
                .excludeParams(exclude == null ? Set.of() : exclude);
        return GradientCheckUtil.checkGradients(c);
    }
}
