package org.gss.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.model.GradientChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ChannelLayerNormLayerTest {

    @BeforeAll
    static void doubles() {
        GradientChecks.useDoublePrecision();
    }

    @Test
    void normalisesEachPositionOverChannelsWithGainAndBias() {
        ComputationGraph g = GradientChecks.singleLayerGraph(new ChannelLayerNormLayer(3), 2, 3, 2, 2);
        Map<String, INDArray> p = g.getLayer("test").paramTable();
        p.get(ChannelLayerNormLayer.WEIGHT).assign(Nd4j.createFromArray(1.0, 2.0, -1.0).reshape(p.get("weight").shape()));
        p.get(ChannelLayerNormLayer.BIAS).assign(Nd4j.createFromArray(0.0, 0.5, 1.0).reshape(p.get("bias").shape()));
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 2, 2);
        Map<String, INDArray> acts = g.feedForward(x, false);
        INDArray in = acts.get("pre");
        INDArray out = acts.get("test");
        double[] gain = {1, 2, -1};
        double[] bias = {0, 0.5, 1};
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    double mean = 0;
                    for (int c = 0; c < 3; c++) {
                        mean += in.getDouble(b, c, i, j) / 3;
                    }
                    double var = 0;
                    for (int c = 0; c < 3; c++) {
                        var += Math.pow(in.getDouble(b, c, i, j) - mean, 2) / 3;
                    }
                    for (int c = 0; c < 3; c++) {
                        double want = (in.getDouble(b, c, i, j) - mean) / Math.sqrt(var + 1e-5) * gain[c] + bias[c];
                        assertEquals(want, out.getDouble(b, c, i, j), 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void gradientCheck() {
        ComputationGraph g = GradientChecks.singleLayerGraph(new ChannelLayerNormLayer(4), 3, 4, 3, 2);
        Nd4j.getRandom().setSeed(2);
        for (INDArray p : g.getLayer("test").paramTable().values()) {
            p.assign(Nd4j.randn(DataType.DOUBLE, p.shape()));
        }
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 3, 2);
        INDArray t = Nd4j.rand(DataType.DOUBLE, 2, 4, 3, 2);
        assertTrue(GradientChecks.check(g, new INDArray[] {x}, new INDArray[] {t}, null, null));
    }
}
