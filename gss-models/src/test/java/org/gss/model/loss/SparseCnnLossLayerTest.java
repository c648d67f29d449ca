package org.gss.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.gss.model.GradientChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/** Masked sparse cross-entropy on a 2×2 map with 3 classes, against hand computation. */
class SparseCnnLossLayerTest {

    // logits [1,3,2,2]: position (i,j) has logits LOGITS[i][j]
    private static final double[][][] LOGITS = {{{1, 2, 0}, {0.5, -1, 2}}, {{0, 0, 0}, {3, 1, -2}}};
    private static final int[][] LABELS = {{1, 2}, {0, 0}};

    @BeforeAll
    static void doubles() {
        GradientChecks.useDoublePrecision();
    }

    @Test
    void scoreAndGradientEqualHandComputationWithOneMaskedPosition() {
        IOutputLayer loss = lossLayer(1.0);
        // position (1,1) masked; the others weigh mb/nValid = 1/3 (per-position mean)
        double[][] mask = {{1.0 / 3, 1.0 / 3}, {1.0 / 3, 0}};
        setUp(loss, mask);
        double score = loss.computeScore(0.0, true, LayerWorkspaceMgr.noWorkspaces());
        INDArray grad = loss.backpropGradient(null, LayerWorkspaceMgr.noWorkspaces()).getSecond();

        double want = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double[] p = softmax(LOGITS[i][j]);
                want += -Math.log(p[LABELS[i][j]]) * mask[i][j];
                for (int c = 0; c < 3; c++) {
                    double g = (p[c] - (c == LABELS[i][j] ? 1 : 0)) * mask[i][j];
                    assertEquals(g, grad.getDouble(0, c, i, j), 1e-12, "dL/dlogit " + c + " at " + i + "," + j);
                }
            }
        }
        // hand value: mean of -log softmax over the three unmasked positions
        assertEquals(want, score, 1e-12);
        assertEquals((-Math.log(softmax(LOGITS[0][0])[1]) - Math.log(softmax(LOGITS[0][1])[2])
                - Math.log(1.0 / 3)) / 3, score, 1e-12);
        for (int c = 0; c < 3; c++) {
            assertEquals(0.0, grad.getDouble(0, c, 1, 1), 0.0, "masked position has no gradient");
        }
    }

    @Test
    void maskedIgnoreLabelsContributeNothing() {
        IOutputLayer loss = lossLayer(1.0);
        double[][] mask = {{0.5, 0.5}, {0, 0}};
        setUp(loss, mask);
        double score = loss.computeScore(0.0, true, LayerWorkspaceMgr.noWorkspaces());
        INDArray grad = loss.backpropGradient(null, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        // an out-of-range label (255, the ignore id) at a masked position changes nothing
        INDArray labels = labels();
        labels.putScalar(new long[] {0, 0, 1, 0}, 255);
        loss.setLabels(labels);
        assertEquals(score, loss.computeScore(0.0, true, LayerWorkspaceMgr.noWorkspaces()), 1e-12);
        assertEquals(grad, loss.backpropGradient(null, LayerWorkspaceMgr.noWorkspaces()).getSecond());
    }

    @Test
    void weightScalesScoreAndGradientExactly() {
        double[][] mask = {{0.25, 0.25}, {0.25, 0.25}};
        IOutputLayer plain = lossLayer(1.0);
        IOutputLayer weighted = lossLayer(0.8);
        setUp(plain, mask);
        setUp(weighted, mask);
        double s1 = plain.computeScore(0.0, true, LayerWorkspaceMgr.noWorkspaces());
        double s2 = weighted.computeScore(0.0, true, LayerWorkspaceMgr.noWorkspaces());
        INDArray g1 = plain.backpropGradient(null, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        INDArray g2 = weighted.backpropGradient(null, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        assertEquals(0.8 * s1, s2, 1e-15);
        assertEquals(0.0, g1.mul(0.8).sub(g2).amaxNumber().doubleValue(), 1e-15);
    }

    private static IOutputLayer lossLayer(double weight) {
        ComputationGraph g = new ComputationGraph(GradientChecks.graphBuilder(1).addInputs("in")
                .setInputTypes(InputType.convolutional(2, 2, 3))
                .addLayer("loss", new SparseCnnLossLayer(new WeightedLoss(new LossSparseMCXENT(), weight),
                        Activation.SOFTMAX), "in")
                .setOutputs("loss").build());
        g.init();
        return (IOutputLayer) g.getLayer("loss");
    }

    private static void setUp(IOutputLayer loss, double[][] mask) {
        INDArray logits = Nd4j.create(DataType.DOUBLE, 1, 3, 2, 2);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int c = 0; c < 3; c++) {
                    logits.putScalar(new long[] {0, c, i, j}, LOGITS[i][j][c]);
                }
            }
        }
        loss.setInput(logits, LayerWorkspaceMgr.noWorkspaces());
        loss.setLabels(labels());
        loss.setMaskArray(Nd4j.createFromArray(mask).reshape(1, 1, 2, 2));
    }

    private static INDArray labels() {
        INDArray l = Nd4j.create(DataType.DOUBLE, 1, 1, 2, 2);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                l.putScalar(new long[] {0, 0, i, j}, LABELS[i][j]);
            }
        }
        return l;
    }

    private static double[] softmax(double[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double[] e = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= sum;
        }
        return e;
    }
}
