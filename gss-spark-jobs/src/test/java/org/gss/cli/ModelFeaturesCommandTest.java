package org.gss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gss.io.NumpyArrays;
import org.gss.model.weights.Stage2Golden;
import org.gss.io.NpzWriter;
import org.gss.testing.GssCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code gss model features} on the stage2-golden weights reproduces the reference outputs file by file. */
class ModelFeaturesCommandTest {

    static final String RESNET = "resnet-v1c-101-narrow";
    static final String HEAD = "gss-head-narrow";

    @TempDir
    Path dir;

    static INDArray read(Path p) throws IOException {
        return NumpyArrays.parseNpy(Files.readAllBytes(p), p.toString());
    }

    static void assertClose(Path out, String caseName, String name, String golden) throws IOException {
        double err = Stage2Golden.relativeError(read(out.resolve(name + ".npy")), Stage2Golden.npy(caseName, golden));
        System.out.printf("features %s vs %s/%s: max relative error %.3g%n", name, caseName, golden, err);
        assertTrue(err < 1e-4, name + ": relative error " + err);
    }

    /** backbone.* from the ResNet golden + decode_head.* from the head golden: an EncoderDecoder state dict. */
    static Path encoderDecoderNpz(Path file) throws IOException {
        Map<String, INDArray> all = new LinkedHashMap<>();
        NumpyArrays.readNpz(Stage2Golden.file(RESNET, "weights.npz")).forEach((k, v) -> all.put("backbone." + k, v));
        NumpyArrays.readNpz(Stage2Golden.file(HEAD, "weights.npz")).forEach((k, v) -> all.put("decode_head." + k, v));
        NpzWriter.writeFloat32(file, all);
        return file;
    }

    @Test
    void backboneOutputsInEvalAndTrainMode() throws IOException {
        Path out = dir.resolve("eval");
        GssCli.Run r = GssCli.run("model", "features", "--weights",
                Stage2Golden.file(RESNET, "weights.npz").toString(), "--input",
                Stage2Golden.file(RESNET, "x.npy").toString(), "--out", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("ResNet-101 v1c (stem 16, base 8)"), r.out());
        for (String n : new String[] {"stem", "out0", "out1", "out2", "out3"}) {
            assertClose(out, RESNET, n, n + ".npy");
        }
        Path train = dir.resolve("train");
        r = GssCli.run("model", "features", "--weights", Stage2Golden.file(RESNET, "weights.npz").toString(),
                "--input", Stage2Golden.file(RESNET, "x.npy").toString(), "--out", train.toString(), "--train-mode");
        assertEquals(Main.OK, r.code(), r.err());
        assertClose(train, RESNET, "out3", "train_out3.npy");
    }

    @Test
    void encoderDecoderCheckpointGivesTheGoldenTokenAndAuxiliaryLogits() throws IOException {
        Path npz = encoderDecoderNpz(dir.resolve("gss_r101_narrow.npz"));
        Path out = dir.resolve("out");
        GssCli.Run r = GssCli.run("model", "features", "--weights", npz.toString(), "--input",
                Stage2Golden.file(RESNET, "x.npy").toString(), "--out", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        for (String n : new String[] {"token_logits", "pixel_logits", "pixel_logits_up", "swin_ln_out"}) {
            assertClose(out, HEAD, n, n + ".npy");
        }
        assertEquals(Stage2Golden.npy(HEAD, "token_argmax.npy").castTo(DataType.LONG),
                read(out.resolve("token_argmax.npy")).castTo(DataType.LONG));
    }

    @Test
    void headAloneReadsTheFeatureFiles() throws IOException {
        Path out = dir.resolve("head");
        StringBuilder feats = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            feats.append(i > 0 ? "," : "").append(Stage2Golden.file(HEAD, "feat" + i + ".npy"));
        }
        GssCli.Run r = GssCli.run("model", "features", "--weights",
                Stage2Golden.file(HEAD, "weights.npz").toString(), "--input", feats.toString(), "--out",
                out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        for (String n : new String[] {"agg", "cls_feat", "token_logits", "agg_pixel", "pixel_logits"}) {
            assertClose(out, HEAD, n, n + ".npy");
        }
    }

    @Test
    void aMisShapedTensorIsNamedWithBothShapes() throws IOException {
        Map<String, INDArray> sd = new LinkedHashMap<>(NumpyArrays.readNpz(Stage2Golden.file(RESNET, "weights.npz")));
        sd.put("layer2.1.conv2.weight", sd.get("layer2.1.conv2.weight").get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)).dup());
        sd.put("layer9.extra", sd.get("stem.1.bias"));
        Path bad = dir.resolve("bad.npz");
        NpzWriter.writeFloat32(bad, sd);
        GssCli.Run r = GssCli.run("model", "features", "--weights", bad.toString(), "--input",
                Stage2Golden.file(RESNET, "x.npy").toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("layer2.1.conv2.weight") && r.err().contains("[8, 16, 3, 3]")
                && r.err().contains("[16, 16, 3, 3]"), r.err());
    }
}
