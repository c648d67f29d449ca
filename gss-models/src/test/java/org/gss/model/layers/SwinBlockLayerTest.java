package org.gss.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class SwinBlockLayerTest {

    private static final int DIM = 4;
    private static final int HEADS = 2;
    private static final int WINDOW = 2;
    private static final int FFN = 4;

    @BeforeAll
    static void doubles() {
        GradientChecks.useDoublePrecision();
    }

    @Test
    void relativePositionIndexOfA2x2Window() {
        // (dh+1)*3 + (dw+1) for tokens (0,0),(0,1),(1,0),(1,1)
        int[][] want = {{4, 3, 1, 0}, {5, 4, 2, 1}, {7, 6, 4, 3}, {8, 7, 5, 4}};
        assertArrayEquals(want, SwinBlockLayer.relativePositionIndex(2));
    }

    @Test
    void shiftMaskSeparatesTheRegionsOfTheRolledMap() {
        // 4x4 padded map, window 2, shift 1: bands along each axis are {0,1}, {2}, {3}
        INDArray m = SwinBlockLayer.shiftMask(4, 4, 2, 1, DataType.DOUBLE);
        assertArrayEquals(new long[] {4, 4, 4}, m.shape());
        assertEquals(0.0, m.slice(0).amaxNumber().doubleValue()); // top-left window: one region
        // top-right window: columns 2 and 3 are different regions, rows agree
        double[][] topRight = m.slice(1).toDoubleMatrix();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                assertEquals(a % 2 == b % 2 ? 0.0 : -100.0, topRight[a][b], "top-right " + a + "," + b);
            }
        }
        // bottom-right window: four regions, only the diagonal is unmasked
        double[][] bottomRight = m.slice(3).toDoubleMatrix();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                assertEquals(a == b ? 0.0 : -100.0, bottomRight[a][b]);
            }
        }
    }

    @Test
    void forwardMatchesALoopReferenceUnshiftedAndShiftedWithPadding() {
        // {window, shifted, H, W}: 3x5 pads to 4x6 (window 2), 6x5 pads to 8x8 (window 4, shift 2)
        int[][] cases = {{2, 0, 3, 5}, {2, 1, 3, 5}, {4, 0, 6, 5}, {4, 1, 6, 5}};
        for (int[] c : cases) {
            boolean shifted = c[1] == 1;
            ComputationGraph g = GradientChecks.singleLayerGraph(
                    new SwinBlockLayer(DIM, HEADS, c[0], FFN, shifted), 3, DIM, c[2], c[3]);
            randomiseParams(g, 11);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, c[2], c[3]);
            Map<String, INDArray> acts = g.feedForward(x, false);
            INDArray want = SwinReference.forward(acts.get("pre"), g.getLayer("test").paramTable(), HEADS, c[0],
                    shifted ? c[0] / 2 : 0);
            assertArrayEquals(want.shape(), acts.get("test").shape());
            assertEquals(0.0, acts.get("test").sub(want).amaxNumber().doubleValue(), 1e-9,
                    java.util.Arrays.toString(c));
        }
    }

    @Test
    void gradientCheckUnshifted() {
        assertTrue(gradientCheck(false));
    }

    @Test
    void gradientCheckShiftedWithMaskAndPadding() {
        assertTrue(gradientCheck(true));
    }

    @Test
    void runsOnAnotherSizeAfterTheFirst() {
        ComputationGraph g = GradientChecks.singleLayerGraph(new SwinBlockLayer(DIM, HEADS, WINDOW, FFN, true), 3,
                DIM, 6, 5);
        randomiseParams(g, 5);
        INDArray small = Nd4j.rand(DataType.DOUBLE, 1, 3, 3, 5);
        INDArray big = Nd4j.rand(DataType.DOUBLE, 1, 3, 9, 4);
        Map<String, INDArray> a = g.feedForward(big, false);
        assertArrayEquals(new long[] {1, DIM, 9, 4}, a.get("test").shape());
        INDArray want = SwinReference.forward(a.get("pre"), g.getLayer("test").paramTable(), HEADS, WINDOW, 1);
        assertEquals(0.0, a.get("test").sub(want).amaxNumber().doubleValue(), 1e-9);
        assertArrayEquals(new long[] {1, DIM, 3, 5}, g.feedForward(small, false).get("test").shape());
        // back to the first size: the kept definition gives the same output
        assertEquals(a.get("test"), g.feedForward(big, false).get("test"));
    }

    private static boolean gradientCheck(boolean shifted) {
        ComputationGraph g = GradientChecks.singleLayerGraph(new SwinBlockLayer(DIM, HEADS, WINDOW, FFN, shifted),
                3, DIM, 3, 5);
        randomiseParams(g, shifted ? 21 : 22);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 3, 3, 5);
        INDArray t = Nd4j.rand(DataType.DOUBLE, 1, DIM, 3, 5);
        return GradientChecks.check(g, new INDArray[] {x}, new INDArray[] {t}, null, null);
    }

    /** Random weights with a scale that keeps softmax and GELU away from saturation. */
    static void randomiseParams(ComputationGraph g, long seed) {
        Nd4j.getRandom().setSeed(seed);
        for (Map.Entry<String, INDArray> e : g.getLayer("test").paramTable().entrySet()) {
            e.getValue().assign(Nd4j.randn(DataType.DOUBLE, e.getValue().shape()).muli(0.5));
        }
    }
}
