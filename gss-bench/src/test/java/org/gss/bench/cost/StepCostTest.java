package org.gss.bench.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.model.GradientChecks;
import org.gss.model.GssEncoderModel;
import org.gss.model.ModelConfig;
import org.gss.model.layers.StandardLayers;
import org.gss.model.loss.SparseCnnLossLayer;
import org.gss.model.optim.OptimConfig;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/** The arithmetic of {@link StepCost}, {@link LeastSquares} and the online/cached model against hand-computed cases. */
class StepCostTest {

    /** input 3×8×8 → conv 3×3 (3→4, no bias) → BN → ReLU → max-pool 3×3/2 → conv 1×1 (4→2, bias) → loss. */
    private static ComputationGraphConfiguration tinyGraph() {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("c1", StandardLayers.conv(3, 4, 3, 1, 1, false, List.of()), "in")
                .addLayer("bn", StandardLayers.batchNorm(4), "c1")
                .addLayer("relu", StandardLayers.relu(), "bn")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                        .padding(1, 1).convolutionMode(ConvolutionMode.Truncate).build(), "relu")
                .addLayer("c2", StandardLayers.classifier(4, 2, 0.0, List.of()), "pool")
                .addLayer("out", new SparseCnnLossLayer(new LossSparseMCXENT(), Activation.SOFTMAX), "c2")
                .setOutputs("out").build();
    }

    @Test
    void countsATinyGraphByHand() {
        StepCost c = StepCost.of(tinyGraph(), InputType.convolutional(8, 8, 3), Set.of("c2"));
        Map<String, StepCost.Vertex> v = c.vertices().stream()
                .collect(Collectors.toMap(StepCost.Vertex::name, x -> x));
        // c1: 4×8×8 = 256 outputs, each 3·3·3 = 27 MACs -> 2·256·27
        assertEquals(13_824, v.get("c1").forwardFlops());
        assertEquals(5 * 256, v.get("bn").forwardFlops());
        assertEquals(256, v.get("relu").forwardFlops());
        // pool: 4×4×4 = 64 outputs, 9 compares each
        assertEquals(64, v.get("pool").outElements());
        assertEquals(576, v.get("pool").forwardFlops());
        // c2: 2×4×4 = 32 outputs, 4 MACs each + bias
        assertEquals(2 * 32 * 4 + 32, v.get("c2").forwardFlops());
        assertEquals(6 * 32, v.get("out").forwardFlops());
        double forward = 13_824 + 1_280 + 256 + 576 + 288 + 192;
        assertEquals(forward, c.forwardFlops());
        assertEquals(3 * forward, c.trainFlops()); // no SameDiff layer: backward = 2× forward everywhere
        // outputs kept: input 192, c1/bn/relu 256 each, pool 64, c2 32, out 32
        assertEquals(192 + 3 * 256 + 64 + 32 + 32, c.activationElements());
        assertEquals(32, c.logitElements());
        // c1 4·3·9 = 108, BN 4 channels × (gamma, beta, mean, var) = 16, c2 2·4 + 2 = 10
        assertEquals(134, c.params());
        assertEquals((13_824 + 288) * 3 / (3 * forward), c.productShare(), 1e-12);
    }

    @Test
    void swinBlockAndResizeFormulasByHand() {
        // dim 4, 2 heads, window 2, ffn 8 on 3×3: padded to 4×4 = 16 tokens, 4 windows of n = 4, table 3×3 = 9
        double attention = 2 * 16 * 3 * 4 * 4 + 3 * 16 * 4 // qkv + bias: 1536 + 192
                + 2 * 16 * 4 * 4 // QKᵀ: 512
                + 2 * 2 * 9 * 4 * 4 // bias table gather: 576
                + 7 * 16 * 2 * 4 // + bias, + mask, softmax: 896
                + 2 * 16 * 4 * 4 // A·V: 512
                + 2 * 16 * 4 * 4 + 16 * 4; // projection + bias: 512 + 64
        double mlp = 2 * 9 * 8 * 4 + 9 * 8 + 5 * 9 * 8 + 2 * 9 * 4 * 8 + 9 * 4; // 576 + 72 + 360 + 576 + 36
        double norms = 2 * 7 * 9 * 4 + 2 * 9 * 4; // two LayerNorms + two residual adds: 504 + 72
        assertEquals(6_996, attention + mlp + norms);
        assertEquals(6_996, StepCost.swinFlops(4, 2, 2, 8, 3, 3));
        // 2 channels, 3×3 → 6×6: along the width 2·(2·3·6)·3 = 216, then along the height 2·(2·6·6)·3 = 432
        assertEquals(648, StepCost.bilinearFlops(2, 3, 3, 6, 6));
    }

    @Test
    void paperSizeMatchesTheDocumentedShapes() {
        StepCost c = StepCost.ofEncoder(ModelConfig.paper(), 768);
        Map<String, Long> out = c.vertices().stream()
                .collect(Collectors.toMap(StepCost.Vertex::name, StepCost.Vertex::outElements));
        assertEquals(8192L * 96 * 96, out.get("head.cls"));
        assertEquals(8192L * 96 * 96, c.oneLogitsElements());
        assertEquals(2 * 8192L * 96 * 96, c.logitElements());
        assertEquals(2048L * 96 * 96, out.get("layer4.2.out"));
        assertEquals(256L * 192 * 192, out.get("layer1.2.out"));
        assertEquals(19L * 768 * 768, out.get("aux.up"));
        assertEquals(77_449_555L, c.params()); // docs/gpu.md: with the reference head width (384 per level)
        // the vocabulary projection alone: 2·96²·2048·8192 forward
        double cls = c.vertices().stream().filter(x -> x.name().equals("head.cls")).findFirst().orElseThrow()
                .forwardFlops();
        assertEquals(2.0 * 96 * 96 * 2048 * 8192 + 8192.0 * 96 * 96, cls);
    }

    @Test
    void activationCountsEqualARealForwardPass() {
        GradientChecks.singleThreaded();
        ModelConfig tiny = ModelConfig.tiny();
        ComputationGraph net = GssEncoderModel.build(tiny, OptimConfig.cityscapes(), DataType.FLOAT);
        StepCost cost = StepCost.ofEncoder(tiny, 40); // not the configured 48: counts follow the input
        int[] checked = StepProbe.checkShapes(net, StepProbe.randomBatch(tiny, 40, 2, 3).getFeatures(0), cost);
        assertEquals(0, checked[1]);
        assertEquals(cost.vertices().size(), checked[0]); // every vertex, the input included
    }

    @Test
    void leastSquaresRecoversExactCoefficients() {
        double[][] x = {{1, 1e8, 2e6}, {1, 2e8, 4e6}, {1, 3e8, 1e6}, {1, 5e8, 8e6}};
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            y[i] = 3e7 + 1.5 * x[i][1] + 6.0 * x[i][2];
        }
        assertArrayEquals(new double[] {3e7, 1.5, 6.0}, LeastSquares.fit(x, y), 1e-6);
        double[][] dependent = {{1, 1, 2}, {1, 2, 4}, {1, 3, 6}};
        assertThrows(IllegalArgumentException.class, () -> LeastSquares.fit(dependent, new double[] {1, 2, 3}));
    }

    @Test
    void onlineSpeedupModel() {
        // encoder 4000 GFLOP at 20 GFLOP/s = 200 s; tokenizer 1000 GMAC = 2000 GFLOP at 40 GFLOP/s = 50 s
        assertEquals(250.0 / 200.0, PaperStepBenchmark.onlineSpeedup(4000e9, 20, 1000e9, 40), 1e-12);
        // at equal rates the ratio is 1 + tokenizer FLOPs / encoder FLOPs
        assertEquals(1.5, PaperStepBenchmark.onlineSpeedup(4000e9, 1, 1000e9, 1), 1e-12);
        assertEquals(456L * 1024 * 1024, GpuMemoryPoller.usedBytes("77, 12\n123, 456\n", 123));
        assertEquals(-1, GpuMemoryPoller.usedBytes("77, 12\n", 123));
    }
}
