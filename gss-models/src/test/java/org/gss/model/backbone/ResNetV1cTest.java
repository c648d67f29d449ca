package org.gss.model.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.model.GradientChecks;
import org.gss.model.GssEncoderModel;
import org.gss.model.ModelConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ResNetV1cTest {

    @BeforeAll
    static void threads() {
        GradientChecks.singleThreaded();
    }

    /**
     * torchvision's parameter counts (resnet18 11,689,512; resnet50 25,557,032; resnet101 44,549,160)
     * less the fc layer and the 7×7 stem (9,408 + 128 BN), plus the v1c deep stem (3·32·9 + 32·32·9 +
     * 32·64·9 = 28,512 conv + 256 BN): the backbone has exactly the real networks' parameters.
     */
    @Test
    void trainableParametersMatchTheRealNetworks() {
        int deepStem = 28_512 + 256;
        int torchStem = 9_408 + 128;
        assertEquals(11_689_512 - 513_000 - torchStem + deepStem, backboneParams(18));
        assertEquals(25_557_032 - 2_049_000 - torchStem + deepStem, backboneParams(50));
        assertEquals(44_549_160 - 2_049_000 - torchStem + deepStem, backboneParams(101));
        assertEquals(42_519_392, backboneParams(101));
    }

    @Test
    void levelsHaveStride4Then8WithDilationAndAnyInputSize() {
        ModelConfig cfg = ModelConfig.tiny();
        GraphBuilder gb = GradientChecks.graphBuilder(1).addInputs("image")
                .setInputTypes(InputType.convolutional(64, 64, 3));
        FeatureLevels levels = ResNetV1c.addTo(gb, "image", cfg.resnet(), List.of());
        assertEquals(List.of(4, 8, 8, 8), levels.strides());
        assertEquals(List.of(8, 16, 32, 64), levels.channels());
        assertEquals(List.of("layer1.1.out", "layer2.1.out", "layer3.1.out", "layer4.1.out"), levels.names());
        ComputationGraph g = withOutput(gb, levels);
        g.init();
        Map<String, INDArray> acts = g.feedForward(Nd4j.rand(DataType.DOUBLE, 2, 3, 64, 64), false);
        assertArrayEquals(new long[] {2, 8, 16, 16}, acts.get(levels.names().get(0)).shape());
        assertArrayEquals(new long[] {2, 64, 8, 8}, acts.get(levels.names().get(3)).shape());
        // odd sizes round up at every stride-2 step, as in PyTorch
        acts = g.feedForward(Nd4j.rand(DataType.DOUBLE, 1, 3, 50, 38), false);
        assertArrayEquals(new long[] {1, 8, 13, 10}, acts.get(levels.names().get(0)).shape());
        assertArrayEquals(new long[] {1, 32, 7, 5}, acts.get(levels.names().get(2)).shape());
    }

    @Test
    void stridesAndContractedDilationsSitOnTheRightConvolutions() {
        ComputationGraphConfiguration conf = GssEncoderModel.configuration(
                ModelConfig.paper().withVocab(16), org.gss.model.optim.OptimConfig.cityscapes(), DataType.FLOAT);
        assertEquals(2, conv(conf, "stem.0").getStride()[0]);
        assertEquals(1, conv(conf, "stem.3").getStride()[0]);
        assertEquals(2, conv(conf, "layer2.0.conv2").getStride()[0]);
        assertEquals(1, conv(conf, "layer2.0.conv1").getStride()[0]);
        assertEquals(2, conv(conf, "layer2.0.downsample.0").getStride()[0]);
        assertEquals(1, conv(conf, "layer3.0.conv2").getDilation()[0]); // contract_dilation: 2 -> 1
        assertEquals(2, conv(conf, "layer3.22.conv2").getDilation()[0]);
        assertEquals(2, conv(conf, "layer4.0.conv2").getDilation()[0]); // 4 -> 2
        assertEquals(4, conv(conf, "layer4.2.conv2").getDilation()[0]);
        assertEquals(4, conv(conf, "layer4.2.conv2").getPadding()[0]);
        assertEquals(2048, conv(conf, "layer4.2.conv3").getNOut());
    }

    private static ConvolutionLayer conv(ComputationGraphConfiguration conf, String name) {
        return (ConvolutionLayer) ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }

    private static long backboneParams(int depth) {
        ModelConfig cfg = ModelConfig.paper();
        cfg = new ModelConfig(depth, 64, true, cfg.mlaChannels(), cfg.mlaDepth(), cfg.window(), cfg.heads(),
                cfg.ffn(), cfg.hidden(), cfg.vocab(), cfg.auxChannels(), cfg.numClasses(), 0.8, 0.2, 0.0, 224, 0);
        GraphBuilder gb = GradientChecks.graphBuilder(1).addInputs("image")
                .setInputTypes(InputType.convolutional(224, 224, 3));
        FeatureLevels levels = ResNetV1c.addTo(gb, "image", cfg.resnet(), List.of());
        gb.addLayer("out", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .build(), levels.names().get(3)).setOutputs("out");
        return GssEncoderModel.trainableParameterCount(gb.build());
    }

    private static ComputationGraph withOutput(GraphBuilder gb, FeatureLevels levels) {
        gb.addLayer("out", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .build(), levels.names().get(3)).setOutputs("out");
        return new ComputationGraph(gb.build());
    }
}
