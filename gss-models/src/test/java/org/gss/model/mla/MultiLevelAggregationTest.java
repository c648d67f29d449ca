package org.gss.model.mla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.model.EncoderBatch;
import org.gss.model.GradientChecks;
import org.gss.model.ModelConfig;
import org.gss.model.backbone.FeatureLevels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The MLA with both heads on four synthetic levels (strides 4, 8, 8, 8, as ResNet v1c OS8 gives):
 * per-level convs, the 1/4 → 1/8 resize, concat, fusion, two Swin blocks, LayerNorm, the token
 * head and the auxiliary head with its ×8 upsampling, under the weighted, masked two-output loss.
 */
class MultiLevelAggregationTest {

    // levels: 1 channel each; MLA 2 channels, 1 head, window 2, D=1, ffn 2, hidden 2; V=3, K=2; aux 1 channel
    private static final ModelConfig CFG =
            new ModelConfig(18, 2, true, 2, 1, 2, 1, 2, 2, 3, 1, 2, 0.8, 0.2, 0.0, 16, 1);

    @BeforeAll
    static void doubles() {
        GradientChecks.useDoublePrecision();
    }

    @Test
    void gradientCheckOfBothHeadsWithMasks() {
        ComputationGraph g = graph();
        Nd4j.getRandom().setSeed(5);
        int mb = 1;
        INDArray[] in = {Nd4j.rand(DataType.DOUBLE, mb, 1, 4, 4), Nd4j.rand(DataType.DOUBLE, mb, 1, 2, 2),
                Nd4j.rand(DataType.DOUBLE, mb, 1, 2, 2), Nd4j.rand(DataType.DOUBLE, mb, 1, 2, 2)};
        INDArray tokens = Nd4j.createFromArray(new int[][][] {{{0, 2}, {1, 1}}});
        INDArray coverage = Nd4j.createFromArray(new int[][][] {{{0, 2}, {1, 0}}});
        INDArray pixels = Nd4j.rand(DataType.DOUBLE, mb, 16, 16).muli(2).castTo(DataType.INT32);
        pixels.putScalar(new long[] {0, 3, 3}, EncoderBatch.IGNORE);
        // the batch helper needs an image; only its masks and labels are used here
        var mds = new EncoderBatch(Nd4j.zeros(DataType.DOUBLE, mb, 3, 16, 16), tokens, coverage, pixels)
                .toMultiDataSet(CFG.vocab(), CFG.numClasses());

        INDArray[] out = g.output(false, in);
        assertArrayEquals(new long[] {mb, 3, 2, 2}, out[0].shape());
        assertArrayEquals(new long[] {mb, 2, 16, 16}, out[1].shape());

        assertTrue(GradientChecks.check(g, in, mds.getLabels(), mds.getLabelsMaskArrays(), null));
    }

    private static ComputationGraph graph() {
        GraphBuilder gb = GradientChecks.graphBuilder(3).addInputs("l0", "l1", "l2", "l3")
                .setInputTypes(InputType.convolutional(4, 4, 1), InputType.convolutional(2, 2, 1),
                        InputType.convolutional(2, 2, 1), InputType.convolutional(2, 2, 1));
        FeatureLevels levels = new FeatureLevels(List.of("l0", "l1", "l2", "l3"), List.of(1, 1, 1, 1),
                List.of(4, 8, 8, 8));
        String mla = MultiLevelAggregation.addTo(gb, levels, CFG.head(), List.of());
        TokenHead.addTo(gb, mla, CFG.head(), List.of(), "tokens");
        AuxPixelHead.addTo(gb, levels, CFG.head(), List.of(), "pixels");
        ComputationGraph g = new ComputationGraph(GradientChecks.freezeBatchNormStatistics(
                gb.setOutputs("tokens", "pixels").build()));
        g.init();
        return g;
    }
}
