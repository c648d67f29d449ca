package org.gss.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.gss.model.GradientChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

class WeightedLossTest {

    @BeforeAll
    static void doubles() {
        GradientChecks.useDoublePrecision();
    }

    @Test
    void scalesScoreScoreArrayAndGradientExactlyByTheWeight() {
        Nd4j.getRandom().setSeed(4);
        INDArray pre = Nd4j.randn(DataType.DOUBLE, 6, 5);
        INDArray labels = Nd4j.createFromArray(0.0, 4, 2, 2, 1, 3).reshape(6, 1);
        INDArray mask = Nd4j.createFromArray(1.0, 1, 0, 1, 0.5, 1).reshape(6, 1);
        IActivation softmax = Activation.SOFTMAX.getActivationFunction();
        ILossFunction inner = new LossSparseMCXENT();
        for (double w : new double[] {0.8, 0.2, 0.0, 3.0}) {
            WeightedLoss loss = new WeightedLoss(inner, w);
            assertEquals(w * inner.computeScore(labels, pre.dup(), softmax, mask, false),
                    loss.computeScore(labels, pre.dup(), softmax, mask, false), 1e-14);
            assertEquals(inner.computeScoreArray(labels, pre.dup(), softmax, mask).muli(w),
                    loss.computeScoreArray(labels, pre.dup(), softmax, mask));
            INDArray g = inner.computeGradient(labels, pre.dup(), softmax, mask);
            assertEquals(g.mul(w), loss.computeGradient(labels, pre.dup(), softmax, mask));
            Pair<Double, INDArray> both = loss.computeGradientAndScore(labels, pre.dup(), softmax, mask, true);
            assertEquals(w * inner.computeScore(labels, pre.dup(), softmax, mask, true), both.getFirst(), 1e-14);
            assertEquals(g.mul(w), both.getSecond());
        }
    }

    @Test
    void survivesJsonRoundTrip() throws Exception {
        WeightedLoss loss = new WeightedLoss(new LossSparseMCXENT(), 0.8);
        var mapper = NeuralNetConfiguration.mapper();
        String json = mapper.writerFor(ILossFunction.class).writeValueAsString(loss);
        ILossFunction back = mapper.readValue(json, ILossFunction.class);
        assertEquals(loss, back);
        assertEquals(0.8, ((WeightedLoss) back).weight());
    }

    @Test
    void rejectsNegativeWeights() {
        assertThrows(IllegalArgumentException.class, () -> new WeightedLoss(new LossSparseMCXENT(), -0.1));
    }
}
