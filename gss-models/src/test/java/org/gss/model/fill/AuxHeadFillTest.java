package org.gss.model.fill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.gss.config.GssConfig;
import org.gss.data.augment.Normalization;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.model.GssEncoderModel;
import org.gss.model.ModelConfig;
import org.gss.model.optim.OptimConfig;
import org.gss.tokenizer.cache.NearestLabelFill;
import org.gss.tokenizer.cache.PseudoLabeler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The checkpoint fill on a tiny (untrained) Stage II graph saved as a checkpoint: unlabeled pixels get the auxiliary
 * head's argmax, computed here by hand from the graph's raw output; labeled pixels are kept; keys name the file.
 */
class AuxHeadFillTest {
    static final int W = 37;
    static final int H = 21;

    @TempDir
    static Path dir;
    static Path folder;
    static ComputationGraph net;
    static RgbImage image;

    @BeforeAll
    static void saveCheckpoint() throws Exception {
        ModelConfig cfg = ModelConfig.tiny();
        net = GssEncoderModel.build(cfg, OptimConfig.cityscapes(), DataType.FLOAT);
        SplittableRandom rnd = new SplittableRandom(5);
        byte[] rgb = new byte[W * H * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) rnd.nextInt(256);
        }
        image = new RgbImage(W, H, rgb);
        // An untrained head's fused features are nearly the same at every position (BatchNorm's running statistics
        // are still 0/1), so its argmax is one class everywhere. Normalise the fusion with this image's own
        // statistics and spread the classifier's weights (seeded): the argmax then varies over the image and the
        // comparison below can tell pixels apart.
        float[] chw = new float[3 * 40 * 24];
        Normalization.toChw(padded(), chw, 0);
        INDArray input = Nd4j.create(chw, new long[] {1, 3, 24, 40}, 'c');
        INDArray fused = net.feedForward(new INDArray[] {input}, false, false).get("aux.fusion.conv");
        var bn = net.getLayer("aux.fusion.bn");
        bn.getParam("mean").assign(fused.mean(0, 2, 3).reshape(bn.getParam("mean").shape()));
        INDArray var = fused.var(false, 0, 2, 3).addi(1e-3).reshape(bn.getParam("mean").shape());
        if (bn.paramTable().containsKey("log10stdev")) {
            bn.getParam("log10stdev").assign(org.nd4j.linalg.ops.transforms.Transforms.log(
                    org.nd4j.linalg.ops.transforms.Transforms.sqrt(var), 10));
        } else {
            bn.getParam("var").assign(var);
        }
        INDArray w = net.getLayer(org.gss.model.mla.AuxPixelHead.CLASSIFIER).getParam("W");
        w.assign(Nd4j.getRandomFactory().getNewRandomInstance(11).nextGaussian(w.shape()).castTo(w.dataType()));
        folder = dir.resolve("iter-00000001");
        Files.createDirectories(folder);
        ModelSerializer.writeModel(net, folder.resolve("model.zip").toFile(), false);
    }

    /** The auxiliary head's argmax by hand: image padded (black) to 40×24, normalised, raw softmax output, loops. */
    static int[] expectedArgmax() {
        int pw = 40;
        int ph = 24;
        float[] chw = new float[3 * pw * ph];
        Normalization.toChw(padded(), chw, 0);
        INDArray[] out = net.output(false, Nd4j.create(chw, new long[] {1, 3, ph, pw}, 'c'));
        INDArray pixels = out[net.getConfiguration().getNetworkOutputs().indexOf(GssEncoderModel.PIXELS)];
        int k = (int) pixels.size(1);
        int[] best = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int arg = 0;
                for (int c = 1; c < k; c++) {
                    if (pixels.getDouble(0, c, y, x) > pixels.getDouble(0, arg, y, x)) {
                        arg = c;
                    }
                }
                best[y * W + x] = arg;
            }
        }
        return best;
    }

    /** The image padded with black to 40×24 (a multiple of the encoder's stride), as the fill pads it. */
    static RgbImage padded() {
        byte[] padded = new byte[40 * 24 * 3];
        for (int y = 0; y < H; y++) {
            System.arraycopy(image.rgb(), y * W * 3, padded, y * 40 * 3, W * 3);
        }
        return new RgbImage(40, 24, padded);
    }

    @Test
    void unlabeledPixelsTakeTheAuxiliaryHeadsArgmaxAndLabeledOnesStay() {
        AuxHeadFill fill = AuxHeadFill.open(folder.toString(), 0, 0, new Configuration());
        assertEquals(4, fill.classes(), "ModelConfig.tiny() has 4 classes");
        LabelMap labels = LabelMap.filled(W, H, 3);
        for (int y = 2; y < 15; y++) {
            for (int x = 5; x < 30; x++) {
                labels.set(x, y, LabelMap.IGNORE);
            }
        }
        labels.set(W - 1, H - 1, LabelMap.IGNORE); // next to the padding
        LabelMap filled = fill.fill(image, labels);
        int[] expect = expectedArgmax();
        int unlabeled = 0;
        for (int i = 0; i < labels.size(); i++) {
            if (labels.at(i) == LabelMap.IGNORE) {
                assertEquals(expect[i], filled.at(i), "pixel " + i);
                unlabeled++;
            } else {
                assertEquals(3, filled.at(i), "labeled pixel " + i + " kept");
            }
        }
        assertEquals(13 * 25 + 1, unlabeled);
        assertTrue(java.util.Arrays.stream(expect).distinct().count() > 1, "a degenerate head would prove little");

        LabelMap full = LabelMap.filled(W, H, 1);
        assertSame(full, fill.fill(image, full), "fully labeled: no forward pass, the same map");
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> fill.fill(new RgbImage(8, 8, new byte[8 * 8 * 3]), labels));
        assertTrue(size.getMessage().contains("8x8") && size.getMessage().contains(W + "x" + H), size.getMessage());
    }

    @Test
    void theSourceNamesTheCheckpointAndItsHashAndReopensTheSameFill() throws Exception {
        AuxHeadFill fill = AuxHeadFill.open(folder.toString(), 0, 0, new Configuration());
        String sha = GssConfig.sha256Bytes(Files.readAllBytes(folder.resolve("model.zip")));
        assertEquals(sha, fill.sha256());
        assertEquals(AuxHeadFill.SOURCE + " checkpoint=" + folder + " sha256=" + sha + " inference=whole",
                fill.source());
        PseudoLabeler back = PseudoLabelers.fromSource(fill.source()).orElseThrow();
        assertEquals(fill.source(), back.source());
        AuxHeadFill slide = new AuxHeadFill(folder.toString(), sha, 16, 8);
        assertTrue(slide.source().endsWith("inference=slide 16x16 stride 8"), slide.source());
        assertEquals(slide.source(), PseudoLabelers.fromSource(slide.source()).orElseThrow().source());
        assertNotEquals(fill.source(), slide.source(), "other windows, other fill, other key");
        assertTrue(PseudoLabelers.fromSource("something else").isEmpty());
        assertTrue(PseudoLabelers.fromSource(new NearestLabelFill().source()).orElseThrow() instanceof NearestLabelFill);

        // slide windows also keep labeled pixels and fill from the head's classes
        slide.prepare(new Configuration());
        LabelMap labels = LabelMap.filled(W, H, LabelMap.IGNORE);
        labels.set(0, 0, 2);
        LabelMap filled = slide.fill(image, labels);
        assertEquals(2, filled.get(0, 0));
        for (int i = 1; i < filled.size(); i++) {
            assertTrue(filled.at(i) < 4, "class ids of the head");
        }
    }

    @Test
    void aCheckpointWhoseFileNoLongerHasTheRecordedHashIsRefusedNamingIt() {
        AuxHeadFill stale = new AuxHeadFill(folder.toString(), "0".repeat(64), 0, 0);
        BadInputException e = assertThrows(BadInputException.class, () -> stale.prepare(new Configuration()));
        assertTrue(e.getMessage().contains("model.zip") && e.getMessage().contains("changed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> stale.fill(image, LabelMap.filled(W, H, LabelMap.IGNORE)),
                "not loaded: the fill refuses rather than loading behind the caller's back");
        BadInputException missing = assertThrows(BadInputException.class,
                () -> AuxHeadFill.open(dir.resolve("nowhere").toString(), 0, 0, new Configuration()));
        assertTrue(missing.getMessage().contains("nowhere"), missing.getMessage());
    }

    @Test
    void specNearestOpensTheFillAndAnythingElseGoesToTheCheckpointOpener() {
        assertTrue(PseudoLabelers.open("nearest", s -> {
            throw new AssertionError("not a checkpoint");
        }) instanceof NearestLabelFill);
        AuxHeadFill opened = new AuxHeadFill("/c", "a".repeat(64), 0, 0);
        List<String> asked = new java.util.ArrayList<>();
        assertSame(opened, PseudoLabelers.open("/runs/a", s -> {
            asked.add(s);
            return opened;
        }));
        assertEquals(List.of("/runs/a"), asked);
        assertThrows(IllegalArgumentException.class, () -> PseudoLabelers.open(" ", s -> opened));
    }
}
