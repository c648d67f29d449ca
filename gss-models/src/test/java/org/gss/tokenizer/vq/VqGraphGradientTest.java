package org.gss.tokenizer.vq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central finite differences (double precision) against the training graph's analytic gradients, on a tiny model.
 * This is what caught SameDiff M2.1's broken NHWC upsampling backward pass and the fused cross-entropy ignoring its
 * incoming gradient; it also rules out the 2× gradient defect of DL4J 1.0.0-M2.1's SameDiff layers for this graph.
 */
class VqGraphGradientTest {
    private static final VqConfig TINY = new VqConfig(8, 1, 16, 4);
    private static final int[][] PALETTE = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}};
    private static final int BATCH = 2;
    private static final int SIZE = 16;

    @Test
    void everyParameterMatchesFiniteDifferencesWithoutQuantisation() {
        // the decoder reads z_e directly: the whole loss is differentiable, so every conv of both stacks is checked
        assertGradients(new VqGraph.LossWeights(1, 1, 0.25, 0.2), false, name -> true);
    }

    @Test
    void decoderParametersMatchFiniteDifferencesThroughTheQuantiser() {
        // tokens are locally constant, so the decoder's gradients are exact; the encoder's are straight-through
        assertGradients(new VqGraph.LossWeights(1, 1, 0.25, 0.2), true, name -> name.startsWith("decoder."));
    }

    @Test
    void encoderGradientOfTheCommitmentLossMatchesFiniteDifferences() {
        // with only the commitment term, z_q is a constant near the current point: the encoder gradient is exact
        assertGradients(new VqGraph.LossWeights(0, 0, 1.0, 0.2), true, name -> name.startsWith("encoder."));
    }

    private static void assertGradients(VqGraph.LossWeights w, boolean quantize,
            java.util.function.Predicate<String> which) {
        Map<String, INDArray> params = VqParameters.toGraph(VqParameters.initialFile(TINY, 11), DataType.DOUBLE);
        // larger residual weights than DALL-E's init so the 3×3 paths carry real signal, and non-zero biases: with
        // zero biases, pixels whose inputs are all zero sit exactly on a ReLU kink, where finite differences fail
        SplittableRandom br = new SplittableRandom(9);
        params.replaceAll((k, v) -> {
            if (v.rank() == 1) {
                for (int i = 0; i < v.length(); i++) {
                    v.putScalar(i, 0.2 * (br.nextDouble() - 0.5));
                }
            }
            return k.contains("res_path") ? v.mul(3) : v;
        });
        VqGraph g = new VqGraph(TINY, params, BATCH, SIZE, PALETTE, w, DataType.DOUBLE, quantize);
        Map<String, INDArray> ph = placeholders();
        OutAndGrad og = g.sd.calculateGradientsAndOutputs(ph, List.of(VqGraph.LOSS), g.paramNames);
        SplittableRandom r = new SplittableRandom(5);
        List<String> checked = new ArrayList<>();
        double worst = 0;
        for (String name : g.paramNames) {
            if (!which.test(name)) {
                continue;
            }
            INDArray p = g.sd.getVariable(name).getArr();
            INDArray grad = og.getGradients().get(name);
            for (int t = 0; t < 1; t++) {
                long i = r.nextInt((int) p.length());
                double orig = p.getDouble(i);
                double eps = 1e-5;
                p.putScalar(i, orig + eps);
                double up = loss(g, ph);
                p.putScalar(i, orig - eps);
                double down = loss(g, ph);
                p.putScalar(i, orig);
                double fd = (up - down) / (2 * eps);
                double an = grad.getDouble(i);
                double scale = Math.abs(fd) + Math.abs(an);
                if (scale > 1e-7) {
                    double rel = Math.abs(fd - an) / scale;
                    worst = Math.max(worst, rel);
                    assertTrue(rel < 1e-3, name + "[" + i + "]: finite difference " + fd + " vs analytic " + an);
                }
            }
            checked.add(name);
        }
        assertTrue(checked.size() >= 10, "checked " + checked);
        assertTrue(worst < 1e-3, "worst relative error " + worst);
    }

    private static double loss(VqGraph g, Map<String, INDArray> ph) {
        return g.sd.output(ph, VqGraph.LOSS).get(VqGraph.LOSS).getDouble(0);
    }

    private static Map<String, INDArray> placeholders() {
        SplittableRandom r = new SplittableRandom(3);
        int n = BATCH * SIZE * SIZE;
        INDArray x = Nd4j.create(DataType.DOUBLE, BATCH, SIZE, SIZE, 3);
        INDArray target = Nd4j.create(DataType.DOUBLE, BATCH, SIZE, SIZE, 3);
        INDArray mask = Nd4j.create(DataType.DOUBLE, BATCH, SIZE, SIZE, 1);
        INDArray oneHot = Nd4j.create(DataType.DOUBLE, n, PALETTE.length);
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(PALETTE.length + 1); // one in four pixels is "ignore"
            for (int j = 0; j < 3; j++) {
                x.putScalar(new long[] {i / (SIZE * SIZE), (i / SIZE) % SIZE, i % SIZE, j}, r.nextDouble());
                target.putScalar(new long[] {i / (SIZE * SIZE), (i / SIZE) % SIZE, i % SIZE, j}, r.nextDouble());
            }
            if (c < PALETTE.length) {
                oneHot.putScalar(i, c, 1);
                mask.putScalar(new long[] {i / (SIZE * SIZE), (i / SIZE) % SIZE, i % SIZE, 0}, 1);
            }
        }
        INDArray codebook = Nd4j.create(DataType.DOUBLE, TINY.codebookSize(), TINY.embeddingDim());
        for (int i = 0; i < codebook.length(); i++) {
            codebook.putScalar(i, 0.3 * (r.nextDouble() - 0.5));
        }
        return Map.of(VqGraph.X, x, VqGraph.TARGET, target, VqGraph.MASK, mask, VqGraph.ONE_HOT, oneHot,
                VqGraph.CODEBOOK_IN, codebook);
    }

    @Test
    void lossTermsHaveTheirDefiningValuesAtInitialisation() {
        // a decoder that outputs the same grey everywhere is equidistant from the three primaries: CE = ln 3
        Map<String, INDArray> params = VqParameters.toGraph(VqParameters.initialFile(TINY, 11), DataType.DOUBLE);
        params.replaceAll((k, v) -> k.startsWith("decoder.blocks.output") ? v.mul(0) : v);
        VqGraph g = new VqGraph(TINY, params, BATCH, SIZE, PALETTE, new VqGraph.LossWeights(1, 1, 0.25, 0.2),
                DataType.DOUBLE, true);
        Map<String, INDArray> out = g.sd.output(placeholders(), VqGraph.CE, VqGraph.RGB);
        assertEquals(Math.log(3), out.get(VqGraph.CE).getDouble(0), 1e-7); // the loss divides by (labelled + 1e-6)
        assertEquals(0.5, out.get(VqGraph.RGB).meanNumber().doubleValue(), 1e-12); // unmap(sigmoid(0)) = 0.5
    }
}
