package org.gss.model.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.data.image.BadInputException;
import org.gss.io.NpzTestWriter;
import org.gss.model.GradientChecks;
import org.gss.model.GssEncoderModel;
import org.gss.model.ModelConfig;
import org.gss.model.optim.OptimConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Round trip: a state_dict .npz with random values under mmseg's names → the graph's parameters. */
class ResNetWeightsTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void threads() {
        GradientChecks.singleThreaded();
    }

    @Test
    void loadsEveryBackboneTensorByStateDictName() throws IOException {
        ComputationGraph g = GssEncoderModel.build(ModelConfig.tiny(), OptimConfig.cityscapes(), DataType.FLOAT);
        Map<String, INDArray> sd = randomStateDict(g);
        Path npz = writeNpz(sd, tmp.resolve("resnet18_v1c.npz"));

        ResNetWeights.ImportReport report = ResNetWeights.load(g, npz);

        int checked = 0;
        for (Layer layer : g.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (!ResNetWeights.isBackbone(name)) {
                continue;
            }
            if (layer.conf().getLayer() instanceof ConvolutionLayer) {
                assertEquals(sd.get(name + ".weight"), layer.getParam("W"), name);
                checked++;
            } else if (layer.conf().getLayer() instanceof BatchNormalization) {
                assertEquals(sd.get(name + ".weight").reshape(layer.getParam("gamma").shape()), layer.getParam("gamma"));
                assertEquals(sd.get(name + ".bias").reshape(layer.getParam("beta").shape()), layer.getParam("beta"));
                assertEquals(sd.get(name + ".running_mean").reshape(layer.getParam("mean").shape()),
                        layer.getParam("mean"));
                INDArray log10std = Transforms.log(sd.get(name + ".running_var"), 10).muli(0.5);
                assertEquals(0.0, log10std.reshape(layer.getParam("log10stdev").shape())
                        .sub(layer.getParam("log10stdev")).amaxNumber().doubleValue(), 1e-6);
                checked++;
            }
        }
        assertEquals(checked, report.tensorsLoaded() - 3 * countBatchNorms(g));
        assertTrue(report.unusedKeys().contains("fc.weight"));
        assertTrue(report.unusedKeys().contains("stem.1.num_batches_tracked"));

        // the imported statistics act as PyTorch's eval-mode BatchNorm: relu((x - mean)/sqrt(var + eps)*w + b)
        // (compared after stem.2, the ReLU, which DL4J applies in place on the BN output)
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 16, 16);
        Map<String, INDArray> acts = g.feedForward(x, false);
        INDArray conv = acts.get("stem.0");
        INDArray relu = acts.get("stem.2");
        int positive = 0;
        for (int c = 0; c < 4; c++) {
            for (int[] p : new int[][] {{3, 5}, {0, 0}, {7, 2}}) {
                double mean = sd.get("stem.1.running_mean").getDouble(c);
                double var = sd.get("stem.1.running_var").getDouble(c);
                double w = sd.get("stem.1.weight").getDouble(c);
                double b = sd.get("stem.1.bias").getDouble(c);
                double want = Math.max(0, (conv.getDouble(0, c, p[0], p[1]) - mean) / Math.sqrt(var + 1e-5) * w + b);
                positive += want > 0 ? 1 : 0;
                assertEquals(want, relu.getDouble(0, c, p[0], p[1]), 1e-4 * Math.max(1, Math.abs(want)));
            }
        }
        assertTrue(positive > 0, "some BN outputs pass the ReLU");
    }

    @Test
    void acceptsABackbonePrefix() {
        ComputationGraph g = GssEncoderModel.build(ModelConfig.tiny(), OptimConfig.cityscapes(), DataType.FLOAT);
        Map<String, INDArray> prefixed = new LinkedHashMap<>();
        randomStateDict(g).forEach((k, v) -> prefixed.put("backbone." + k, v));
        ResNetWeights.ImportReport r = ResNetWeights.load(g, prefixed, "mmseg-checkpoint");
        assertEquals(prefixed.get("backbone.layer4.1.conv2.weight"), g.getLayer("layer4.1.conv2").getParam("W"));
        assertTrue(r.tensorsLoaded() > 0);
    }

    @Test
    void namesTheFileAndKeyOfAMissingOrMisshapenTensor() throws IOException {
        ComputationGraph g = GssEncoderModel.build(ModelConfig.tiny(), OptimConfig.cityscapes(), DataType.FLOAT);
        Map<String, INDArray> sd = randomStateDict(g);
        sd.remove("layer2.0.downsample.1.running_var");
        Path missing = writeNpz(sd, tmp.resolve("missing.npz"));
        BadInputException e = assertThrows(BadInputException.class, () -> ResNetWeights.load(g, missing));
        assertTrue(e.getMessage().contains("missing.npz") && e.getMessage().contains("layer2.0.downsample.1.running_var"),
                e.getMessage());

        sd = randomStateDict(g);
        sd.put("layer3.1.conv1.weight", Nd4j.zeros(DataType.FLOAT, 32, 32, 1, 1));
        Path bad = writeNpz(sd, tmp.resolve("bad.npz"));
        e = assertThrows(BadInputException.class, () -> ResNetWeights.load(g, bad));
        assertTrue(e.getMessage().contains("layer3.1.conv1.weight") && e.getMessage().contains("[32, 32, 1, 1]"),
                e.getMessage());

        assertThrows(BadInputException.class, () -> ResNetWeights.load(g, tmp.resolve("nope.npz")));
    }

    /** Random tensors under mmseg's names for every backbone module of {@code g}, plus unused extras. */
    static Map<String, INDArray> randomStateDict(ComputationGraph g) {
        Nd4j.getRandom().setSeed(99);
        Map<String, INDArray> sd = new LinkedHashMap<>();
        for (Layer layer : g.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (!ResNetWeights.isBackbone(name)) {
                continue;
            }
            if (layer.conf().getLayer() instanceof ConvolutionLayer) {
                sd.put(name + ".weight", Nd4j.randn(DataType.FLOAT, layer.getParam("W").shape()));
            } else if (layer.conf().getLayer() instanceof BatchNormalization bn) {
                long c = bn.getNOut();
                sd.put(name + ".weight", Nd4j.rand(DataType.FLOAT, c).addi(0.5));
                sd.put(name + ".bias", Nd4j.randn(DataType.FLOAT, c));
                sd.put(name + ".running_mean", Nd4j.randn(DataType.FLOAT, c));
                sd.put(name + ".running_var", Nd4j.rand(DataType.FLOAT, c).addi(0.1));
                sd.put(name + ".num_batches_tracked", Nd4j.scalar(DataType.LONG, 1234L));
            }
        }
        sd.put("fc.weight", Nd4j.randn(DataType.FLOAT, 10, 64));
        sd.put("fc.bias", Nd4j.zeros(DataType.FLOAT, 10));
        return sd;
    }

    static Path writeNpz(Map<String, INDArray> arrays, Path file) throws IOException {
        return NpzTestWriter.write(arrays, file);
    }

    private static int countBatchNorms(ComputationGraph g) {
        int n = 0;
        for (Layer layer : g.getLayers()) {
            if (ResNetWeights.isBackbone(layer.conf().getLayer().getLayerName())
                    && layer.conf().getLayer() instanceof BatchNormalization) {
                n++;
            }
        }
        return n;
    }
}
