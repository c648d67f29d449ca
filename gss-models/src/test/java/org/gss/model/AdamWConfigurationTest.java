package org.gss.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.gss.model.layers.SwinBlockLayer;
import org.gss.model.optim.OptimConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * AdamW as built: one decoupled WeightDecay(0.01, applyLR) on convolution and linear weights and on
 * nothing else (biases, BatchNorm, LayerNorm, relative position tables), Adam with the warm-up/poly
 * schedule everywhere, and no global decay (which DL4J would apply twice).
 */
class AdamWConfigurationTest {

    private static final Set<String> SWIN_WEIGHTS = Set.of(SwinBlockLayer.QKV_W, SwinBlockLayer.PROJ_W,
            SwinBlockLayer.FC1_W, SwinBlockLayer.FC2_W);

    @Test
    void decayOnlyOnWeightsAndAdamWithTheScheduleEverywhere() {
        OptimConfig optim = OptimConfig.cityscapes();
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(
                GssEncoderModel.configuration(ModelConfig.tiny(), optim, DataType.FLOAT).toJson());
        WeightDecay expected = new WeightDecay(0.01, true);
        int decayed = 0;
        int plain = 0;
        int tables = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            if (!(v instanceof LayerVertex lv)) {
                continue;
            }
            Layer layer = lv.getLayerConf().getLayer();
            for (String param : layer.initializer().paramKeys(layer)) {
                List<Regularization> regs = layer.getRegularizationByParam(param);
                boolean weight = (layer instanceof ConvolutionLayer && param.equals("W"))
                        || (layer instanceof SwinBlockLayer && SWIN_WEIGHTS.contains(param));
                String where = layer.getLayerName() + "_" + param;
                if (weight) {
                    assertEquals(List.of(expected), regs, where);
                    decayed++;
                } else {
                    assertTrue(regs == null || regs.isEmpty(), where + " must not decay: " + regs);
                    plain++;
                    tables += param.equals(SwinBlockLayer.TABLE) ? 1 : 0;
                }
                IUpdater u = layer.getUpdaterByParam(param);
                if (!param.equals("mean") && !param.equals("log10stdev")) { // BN statistics are not trained
                    assertTrue(u instanceof Adam, where + " updater " + u);
                    Adam adam = (Adam) u;
                    assertEquals(optim.schedule(), adam.getLearningRateSchedule(), where);
                    assertEquals(0.9, adam.getBeta1());
                    assertEquals(0.999, adam.getBeta2());
                }
            }
            if (layer instanceof BaseLayer base) {
                assertTrue(base.getRegularizationBias() == null || base.getRegularizationBias().isEmpty());
            }
            if (layer instanceof AbstractSameDiffLayer sd) {
                assertTrue(sd.getRegularizationBias() == null || sd.getRegularizationBias().isEmpty());
            }
        }
        assertTrue(conf.getDefaultConfiguration().getLayer() == null
                || ((BaseLayer) conf.getDefaultConfiguration().getLayer()).getRegularization().isEmpty());
        // tiny: 22 backbone convs (3 stem + 4 + 3×5 with projections) + 4+1 MLA + 2 token head + 4+1+1 aux
        // = 35 conv weights, and 2 Swin blocks × 4 linear weights
        assertEquals(35 + 8, decayed);
        assertEquals(2, tables);
        assertTrue(plain > decayed);
    }
}
