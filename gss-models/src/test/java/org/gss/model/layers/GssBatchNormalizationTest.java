package org.gss.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.model.GradientChecks;
import org.gss.model.optim.OptimConfig;
import org.gss.model.optim.ParamwiseDecay;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The project's BatchNorm: frozen statistics (gss.model.norm-eval, mmseg norm_eval) normalise with the running
 * mean/variance in training and leave them unchanged while gamma/beta learn, with exact gradients; and its affine
 * parameters take the weight decay the paramwise rules give them (DL4J's own BatchNorm ignores any).
 */
class GssBatchNormalizationTest {
    static final int C = 4;

    /** input [2,3,6,6] → 1×1 conv "stem.0" → BatchNorm "stem.1" → MSE; AdamW at lr 0.1 without warm-up. */
    static ComputationGraph graph(boolean frozen, double weightDecay, DataType type) {
        return graph(frozen, weightDecay, type, false);
    }

    /** @param gradientCheck no updater (as DL4J's gradient check requires) */
    static ComputationGraph graph(boolean frozen, double weightDecay, DataType type, boolean gradientCheck) {
        OptimConfig optim = new OptimConfig(0.1, weightDecay, 0.9, 0.999, 1e-8, 100, 0, 1e-6, 1.0, 0.0);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .updater(gradientCheck ? new org.nd4j.linalg.learning.config.NoOp() : optim.updater()).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(6, 6, 3))
                .addLayer("stem.0", StandardLayers.conv(3, C, 1, 1, 1, true, optim.weightRegularization()), "in")
                .addLayer("stem.1", StandardLayers.batchNorm(C), "stem.0")
                .addLayer("out", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).build(), "stem.1")
                .setOutputs("out").build();
        ((GssBatchNormalization) ((LayerVertex) conf.getVertices().get("stem.1")).getLayerConf().getLayer())
                .setFrozenStatistics(frozen);
        ParamwiseDecay.reference().apply(conf, weightDecay);
        ComputationGraph g = new ComputationGraph(ComputationGraphConfiguration.fromJson(conf.toJson()));
        g.init();
        // running statistics and affine parameters far from their initial values
        Nd4j.getRandom().setSeed(3);
        g.getLayer("stem.1").setParam("mean", Nd4j.rand(type, 1, C).subi(0.5));
        g.getLayer("stem.1").setParam("log10stdev", Nd4j.rand(type, 1, C).subi(0.5).muli(0.6));
        g.getLayer("stem.1").setParam("gamma", Nd4j.rand(type, 1, C).addi(0.5));
        g.getLayer("stem.1").setParam("beta", Nd4j.rand(type, 1, C).subi(0.5));
        return g;
    }

    static INDArray[] data(DataType type) {
        Nd4j.getRandom().setSeed(11);
        return new INDArray[] {Nd4j.rand(type, 2, 3, 6, 6).muli(3), Nd4j.rand(type, 2, C, 6, 6)};
    }

    @Test
    void frozenStatisticsAreUsedInTrainingAndNeverUpdatedWhileGammaAndBetaLearn() {
        ComputationGraph g = graph(true, 0.0, DataType.FLOAT);
        INDArray[] d = data(DataType.FLOAT);
        INDArray pre = g.feedForward(d[0], false).get("stem.0");
        INDArray train = g.feedForward(d[0], true).get("stem.1");
        INDArray test = g.feedForward(d[0], false).get("stem.1");
        // gamma·(x − μ)/√(10^(2·log10σ) + ε) + β with the running statistics, in both modes
        INDArray mean = g.getParam("stem.1_mean").reshape(1, C, 1, 1);
        INDArray std = Transforms.sqrt(Transforms.pow(Nd4j.valueArrayOf(new long[] {1, C, 1, 1}, 10.0f),
                g.getParam("stem.1_log10stdev").reshape(1, C, 1, 1).mul(2)).addi(StandardLayers.BN_EPS));
        INDArray expected = pre.sub(mean.broadcast(pre.shape())).divi(std.broadcast(pre.shape()))
                .muli(g.getParam("stem.1_gamma").reshape(1, C, 1, 1).broadcast(pre.shape()))
                .addi(g.getParam("stem.1_beta").reshape(1, C, 1, 1).broadcast(pre.shape()));
        assertTrue(expected.equalsWithEps(train, 1e-5), "training forward uses the running statistics");
        assertTrue(expected.equalsWithEps(test, 1e-5));
        // DL4J's own inference path gives the same output: the same ε convention
        ComputationGraph stock = graph(false, 0.0, DataType.FLOAT);
        stock.setParams(g.params());
        assertTrue(stock.feedForward(d[0], false).get("stem.1").equalsWithEps(test, 1e-5));

        INDArray meanBefore = g.getParam("stem.1_mean").dup();
        INDArray stdBefore = g.getParam("stem.1_log10stdev").dup();
        INDArray gammaBefore = g.getParam("stem.1_gamma").dup();
        INDArray betaBefore = g.getParam("stem.1_beta").dup();
        for (int i = 0; i < 3; i++) {
            g.fit(new INDArray[] {d[0]}, new INDArray[] {d[1]});
        }
        assertEquals(meanBefore, g.getParam("stem.1_mean"), "running mean unchanged");
        assertEquals(stdBefore, g.getParam("stem.1_log10stdev"), "running variance unchanged");
        assertFalse(gammaBefore.equalsWithEps(g.getParam("stem.1_gamma"), 1e-3), "gamma learns");
        assertFalse(betaBefore.equalsWithEps(g.getParam("stem.1_beta"), 1e-3), "beta learns");
        // the same training updates a BatchNorm that is not frozen: the check above can fail
        stock.fit(new INDArray[] {d[0]}, new INDArray[] {d[1]});
        assertFalse(meanBefore.equalsWithEps(stock.getParam("stem.1_mean"), 1e-3));
    }

    @Test
    void frozenStatisticsBackpropIsExact() {
        GradientChecks.useDoublePrecision();
        ComputationGraph g = graph(true, 0.0, DataType.DOUBLE, true);
        INDArray[] d = data(DataType.DOUBLE);
        // running statistics have no gradient (they are not trained); every other parameter and the input path
        // (through stem.0) are checked by central differences
        assertTrue(GradientChecks.check(g, new INDArray[] {d[0]}, new INDArray[] {d[1]}, null,
                Set.of("stem.1_mean", "stem.1_log10stdev")));
    }

    /** AdamW on a BatchNorm's gamma: the decayed run ends lr·wd·γ₀ below the undecayed one after one step. */
    @Test
    void batchNormAffineParametersTakeTheirWeightDecay() {
        INDArray[] d = data(DataType.FLOAT);
        ComputationGraph decayed = graph(false, 0.01, DataType.FLOAT);
        ComputationGraph plain = graph(false, 0.0, DataType.FLOAT);
        plain.setParams(decayed.params());
        INDArray gamma0 = decayed.getParam("stem.1_gamma").dup();
        INDArray beta0 = decayed.getParam("stem.1_beta").dup();
        decayed.fit(new INDArray[] {d[0]}, new INDArray[] {d[1]});
        plain.fit(new INDArray[] {d[0]}, new INDArray[] {d[1]});
        INDArray dGamma = plain.getParam("stem.1_gamma").sub(decayed.getParam("stem.1_gamma"));
        INDArray dBeta = plain.getParam("stem.1_beta").sub(decayed.getParam("stem.1_beta"));
        assertTrue(dGamma.equalsWithEps(gamma0.mul(0.1 * 0.01), 1e-6), dGamma + " vs " + gamma0.mul(1e-3));
        assertTrue(dBeta.equalsWithEps(beta0.mul(0.1 * 0.01), 1e-6), dBeta + " vs " + beta0.mul(1e-3));
        // and after a JSON round trip the configuration still says so
        GssBatchNormalization bn = (GssBatchNormalization) ((LayerVertex) decayed.getConfiguration().getVertices()
                .get("stem.1")).getLayerConf().getLayer();
        assertEquals(List.of(new WeightDecay(0.01, true)), bn.getRegularizationByParam("gamma"));
        assertEquals(List.of(new WeightDecay(0.01, true)), bn.getRegularizationByParam("beta"));
        assertEquals(List.of(), bn.getRegularizationByParam("mean"));
        Map<String, Double> scope = ParamwiseDecay.reference().apply(decayed.getConfiguration(), 0.01);
        assertEquals(Map.of("backbone.stem.0.weight", 0.01, "backbone.stem.0.bias", 0.01,
                "backbone.stem.1.weight", 0.01, "backbone.stem.1.bias", 0.01), scope);
    }

    @Test
    void frozenFlagSurvivesJson() {
        ComputationGraph g = graph(true, 0.01, DataType.FLOAT);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        GssBatchNormalization bn = (GssBatchNormalization) ((LayerVertex) back.getVertices().get("stem.1"))
                .getLayerConf().getLayer();
        assertTrue(bn.isFrozenStatistics());
        assertEquals(StandardLayers.BN_EPS, bn.getEps());
        assertEquals(StandardLayers.BN_DECAY, bn.getDecay());
        assertTrue(bn.isUseLogStd());
        assertEquals(C, bn.getNOut());
    }
}
