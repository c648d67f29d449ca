package org.gss.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.model.GradientChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.image.ResizeBilinear;
import org.nd4j.linalg.factory.Nd4j;

class BilinearResizeLayerTest {

    @BeforeAll
    static void doubles() {
        GradientChecks.useDoublePrecision();
    }

    @Test
    void interpolationMatricesMatchHandComputedHalfPixelWeights() {
        // up 2 -> 4: PyTorch gives [1,2] -> [1, 1.25, 1.75, 2]
        assertArrayEquals(new double[][] {{1, 0}, {0.75, 0.25}, {0.25, 0.75}, {0, 1}},
                BilinearResizeLayer.interpolationMatrix(2, 4, DataType.DOUBLE).toDoubleMatrix());
        // down 4 -> 2: [1,2,3,4] -> [1.5, 3.5]
        assertArrayEquals(new double[][] {{0.5, 0.5, 0, 0}, {0, 0, 0.5, 0.5}},
                BilinearResizeLayer.interpolationMatrix(4, 2, DataType.DOUBLE).toDoubleMatrix());
        // odd 3 -> 2 (ceil(3/2)): sources at 0.25 and 1.75
        assertArrayEquals(new double[][] {{0.75, 0.25, 0}, {0, 0.25, 0.75}},
                BilinearResizeLayer.interpolationMatrix(3, 2, DataType.DOUBLE).toDoubleMatrix());
    }

    @Test
    void upsamplesA2x2MapLikePyTorch() {
        ComputationGraph g = resizeOnly(BilinearResizeLayer.up(1, 2), 1, 2, 2);
        INDArray x = Nd4j.createFromArray(new double[] {1, 2, 3, 4}).reshape(1, 1, 2, 2);
        INDArray y = g.output(false, x)[0];
        double[][] expected = {{1.0, 1.25, 1.75, 2.0}, {1.5, 1.75, 2.25, 2.5}, {2.5, 2.75, 3.25, 3.5},
                {3.0, 3.25, 3.75, 4.0}};
        assertArrayEquals(new long[] {1, 1, 4, 4}, y.shape());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(expected[i], y.slice(0).slice(0).getRow(i).toDoubleVector(), 1e-12);
        }
    }

    @Test
    void matchesNd4jResizeBilinearWithHalfPixelCentres() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 7);
        for (BilinearResizeLayer layer : new BilinearResizeLayer[] {BilinearResizeLayer.up(3, 8),
                BilinearResizeLayer.down(3, 2)}) {
            INDArray y = resizeOnly(layer, 3, 5, 7).output(false, x)[0];
            int ho = (int) layer.outputSize(5);
            int wo = (int) layer.outputSize(7);
            INDArray nhwc = x.permute(0, 2, 3, 1).dup();
            INDArray out = Nd4j.create(DataType.DOUBLE, 2, ho, wo, 3);
            Nd4j.exec(new ResizeBilinear(nhwc, out, ho, wo, false, true));
            INDArray ref = out.permute(0, 3, 1, 2);
            assertArrayEquals(new long[] {2, 3, ho, wo}, y.shape());
            assertEquals(0.0, y.sub(ref).amaxNumber().doubleValue(), 1e-6, "vs ND4J resize_bilinear " + layer);
        }
    }

    @Test
    void gradientCheckUpAndDownOnOddSizes() {
        Nd4j.getRandom().setSeed(7);
        for (BilinearResizeLayer layer : new BilinearResizeLayer[] {BilinearResizeLayer.up(2, 2),
                BilinearResizeLayer.down(2, 2)}) {
            ComputationGraph g = GradientChecks.singleLayerGraph(layer, 3, 2, 5, 3);
            int ho = (int) layer.outputSize(5);
            int wo = (int) layer.outputSize(3);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 3);
            INDArray t = Nd4j.rand(DataType.DOUBLE, 2, 2, ho, wo);
            assertTrue(GradientChecks.check(g, new INDArray[] {x}, new INDArray[] {t}, null, null), layer.toString());
        }
    }

    @Test
    void followsTheInputSizeAtRunTime() {
        ComputationGraph g = resizeOnly(BilinearResizeLayer.down(1, 2), 1, 8, 8);
        assertArrayEquals(new long[] {1, 1, 4, 4}, g.output(false, Nd4j.rand(DataType.DOUBLE, 1, 1, 8, 8))[0].shape());
        assertArrayEquals(new long[] {2, 1, 3, 5}, g.output(false, Nd4j.rand(DataType.DOUBLE, 2, 1, 5, 9))[0].shape());
    }

    private static ComputationGraph resizeOnly(BilinearResizeLayer layer, int c, int h, int w) {
        ComputationGraph g = new ComputationGraph(GradientChecks.graphBuilder(1).addInputs("in")
                .setInputTypes(InputType.convolutional(h, w, c))
                .addLayer("resize", layer, "in")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.CnnLossLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build(), "resize")
                .setOutputs("out").build());
        g.init();
        return g;
    }
}
