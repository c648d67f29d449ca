package org.gss.maskige;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.gss.data.synth.SyntheticScene;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.SegmentationMetrics;
import org.gss.tokenizer.ft.FtTrainer;
import org.gss.tokenizer.ft.FtTrainingSettings;
import org.gss.tokenizer.vq.MaskigeReconstruction;
import org.gss.tokenizer.vq.VqConfig;
import org.gss.tokenizer.vq.VqTokenizer;
import org.gss.tokenizer.vq.VqTrainer;
import org.gss.tokenizer.vq.VqTrainingSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The FT inverse against nearest-colour decoding on what it is for: maskiges decoded by a (briefly trained) VQ
 * tokenizer, clean and with heavy noise, scored on held-out scenes.
 */
class FtInverseTest {
    private static final int CLASSES = 12;
    private static final Palette PALETTE = MaximalDistancePalette.create(CLASSES, 0);
    private static VqTokenizer tokenizer;
    private static FtInverse ft;
    private static List<LabelMap> heldOut;
    private static List<INDArray> decodedHeldOut;

    @BeforeAll
    static void trainTokenizerAndInverse() {
        List<LabelMap> train = scenes(24, 48, 1000);
        heldOut = scenes(6, 48, 5000);
        VqTrainingSettings vq = new VqTrainingSettings(new VqConfig(8, 1, 32, 8), 100, 4, 3e-3, 32, 0.25, 0.99, 0.5,
                8.0, 100);
        tokenizer = VqTrainer.train(vq, train, PALETTE, 3, null).tokenizer();
        ft = FtTrainer.train(new FtTrainingSettings(100, 4, 32, 3e-3, 20.0), new FtConfig(CLASSES, 16, 16),
                tokenizer, PALETTE, train, 4, null);
        decodedHeldOut = new ArrayList<>();
        for (LabelMap m : heldOut) {
            decodedHeldOut.add(MaskigeReconstruction.decoded(tokenizer, PALETTE, m));
        }
    }

    private static List<LabelMap> scenes(int n, int size, long seed) {
        List<LabelMap> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SyntheticScene.render(size, size, CLASSES, 0.05, seed + i).labels());
        }
        return out;
    }

    /** Scores an inverse on the held-out decoded maskiges with N(0, σ²) noise (0..255 scale) added, seeded. */
    private static SegmentationMetrics score(Inverse inverse, double sigma) {
        ConfusionMatrix cm = new ConfusionMatrix(CLASSES);
        SplittableRandom r = new SplittableRandom(77);
        for (int i = 0; i < heldOut.size(); i++) {
            INDArray x = decodedHeldOut.get(i).dup();
            if (sigma > 0) {
                float[] v = x.data().asFloat();
                for (int j = 0; j < v.length; j++) {
                    double u1 = 1.0 - r.nextDouble();
                    double u2 = r.nextDouble();
                    v[j] += (float) (sigma / 255 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
                }
                x = org.nd4j.linalg.factory.Nd4j.create(v, x.shape(), 'c');
            }
            cm.accumulate(heldOut.get(i), inverse.invert(x)[0]);
        }
        return SegmentationMetrics.from(cm);
    }

    @Test
    void atLeastMatchesNearestColourOnDecodedMaskiges() {
        SegmentationMetrics near = score(new NearestColourInverse(PALETTE), 0);
        SegmentationMetrics mine = score(ft, 0);
        System.out.printf("clean: nearest aAcc %.2f mIoU %.2f | ft aAcc %.2f mIoU %.2f%n", near.aAcc(), near.mIoU(),
                mine.aAcc(), mine.mIoU());
        assertTrue(mine.aAcc() >= near.aAcc() - 0.5, "ft " + mine.aAcc() + " vs nearest " + near.aAcc());
        assertTrue(mine.aAcc() > 60, "ft pixel accuracy " + mine.aAcc());
    }

    @Test
    void beatsNearestColourUnderHeavyNoise() {
        SegmentationMetrics near = score(new NearestColourInverse(PALETTE), 40);
        SegmentationMetrics mine = score(ft, 40);
        System.out.printf("sigma 40: nearest aAcc %.2f mIoU %.2f | ft aAcc %.2f mIoU %.2f%n", near.aAcc(),
                near.mIoU(), mine.aAcc(), mine.mIoU());
        assertTrue(mine.aAcc() > near.aAcc() + 2, "ft " + mine.aAcc() + " vs nearest " + near.aAcc());
    }

    private static FtInverse roundTrip(FtInverse f) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(f);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                    new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return (FtInverse) in.readObject();
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void savedAndLoadedGivesTheSameLabels(@TempDir Path dir) {
        Path file = dir.resolve("ft.zip");
        ft.save(file);
        FtInverse back = FtInverse.load(file);
        assertEquals(ft.config(), back.config());
        assertEquals("4", back.provenance().get("seed"));
        for (INDArray x : decodedHeldOut) {
            assertArrayEquals(ft.invert(x)[0].ids(), back.invert(x)[0].ids());
        }
        // the float[] entry point agrees with the INDArray one
        INDArray x = decodedHeldOut.get(0);
        assertArrayEquals(ft.invert(x)[0].ids(), ft.invert(x.dup('c').data().asFloat(), 0, 48, 48).ids());
        assertEquals(CLASSES, ft.numClasses());
        // Java serialization (Spark ships inverses to executors): the copy rebuilds its convs and agrees
        FtInverse shipped = roundTrip(ft);
        assertArrayEquals(ft.invert(x)[0].ids(), shipped.invert(x)[0].ids());
        BadInputException e = assertThrows(BadInputException.class, () -> FtInverse.load(dir.resolve("none.zip")));
        assertTrue(e.getMessage().contains("none.zip"), e.getMessage());
        Path vq = dir.resolve("vq.zip");
        tokenizer.save(vq);
        e = assertThrows(BadInputException.class, () -> FtInverse.load(vq));
        assertTrue(e.getMessage().contains("gss-ft-inverse"), e.getMessage());
    }
}
