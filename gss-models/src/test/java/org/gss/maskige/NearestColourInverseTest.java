package org.gss.maskige;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NearestColourInverseTest {

    /**
     * An undistorted maskige inverts to its label map exactly. Ignore pixels cannot come back as 255 (the reference
     * drops the ignore row): they come back as the class whose colour is nearest the ignore colour.
     */
    @ParameterizedTest
    @ValueSource(ints = {19, 150})
    void undistortedMaskigeInvertsExactly(int k) {
        Palette p = MaximalDistancePalette.create(k, 0);
        LabelMap labels = MaskigeFixtures.blocks(96, 64, k, 4, 0.1, 5);
        NearestColourInverse inverse = new NearestColourInverse(p);

        int expectedForIgnore = nearestClassByBruteForce(p, p.ignoreColour());
        assertEquals(expectedForIgnore, inverse.ignoreMapsTo());
        LabelMap fromFloats = inverse.invert(p.toMaskigeNchw(labels), 0, 64, 96);
        LabelMap fromBytes = inverse.invert(p.toMaskige(labels));
        int ignorePixels = 0;
        for (int i = 0; i < labels.size(); i++) {
            int expected = labels.at(i) == LabelMap.IGNORE ? expectedForIgnore : labels.at(i);
            ignorePixels += labels.at(i) == LabelMap.IGNORE ? 1 : 0;
            assertEquals(expected, fromFloats.at(i), "pixel " + i);
            assertEquals(expected, fromBytes.at(i), "pixel " + i);
        }
        assertTrue(ignorePixels > 0);
        assertEquals(k, labels.distinctIds().length - 1, "every class and ignore occur");
        System.out.printf("K=%d: %d pixels (%d ignore) inverted exactly; ignore colour %s -> class %d%n", k,
                labels.size(), ignorePixels, java.util.Arrays.toString(p.ignoreColour()), inverse.ignoreMapsTo());
    }

    private static int nearestClassByBruteForce(Palette p, int[] colour) {
        int best = -1;
        long bestD = Long.MAX_VALUE;
        for (int k = 0; k < p.numClasses(); k++) {
            long d = 0;
            for (int m = 0; m < 3; m++) {
                d += (long) (colour[m] - p.channel(k, m)) * (colour[m] - p.channel(k, m));
            }
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
    }

    /** The reference's own decode on the golden dVAE output: dec_rgb (0..1) → recon_labels, exactly. */
    @Test
    void goldenDecodedMaskigeGivesTheReferenceLabels() {
        Palette p = MaskigeFixtures.goldenPalette();
        INDArray decoded = MaskigeFixtures.golden("tiny/dec_rgb.npy");
        INDArray expected = MaskigeFixtures.golden("tiny/recon_labels.npy");
        NearestColourInverse inverse = new NearestColourInverse(p);

        LabelMap[] viaNd4j = inverse.invert(decoded);
        LabelMap[] viaFloats = inverse.invertBatch(decoded.data().asFloat(), 2, 64, 64);
        assertEquals(2, viaNd4j.length);
        int[] counts = new int[8];
        for (int b = 0; b < 2; b++) {
            LabelMap want = MaskigeFixtures.labelMap(expected, b);
            assertArrayEquals(want.ids(), viaNd4j[b].ids(), "image " + b);
            assertArrayEquals(want.ids(), viaFloats[b].ids(), "image " + b);
            for (int i = 0; i < want.size(); i++) {
                counts[want.at(i)]++;
            }
        }
        assertEquals(7616, counts[3]);
        assertEquals(576, counts[5]);
        // a view (second image only) is read through its own strides, not the parent buffer
        INDArray second = decoded.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all());
        assertArrayEquals(MaskigeFixtures.labelMap(expected, 1).ids(), inverse.invert(second)[0].ids());
    }

    /**
     * Gaussian noise σ = 10 (0..255 scale) on every channel of a K = 150 maskige where every pixel is an independent
     * class: the maximal-distance palette must decode at least as well as the random one (FF vs FF-R).
     */
    @Test
    void maximalDistancePaletteIsMoreRobustToNoiseThanRandom() {
        double[] accuracies = new double[2];
        Palette[] palettes = {MaximalDistancePalette.create(150, 0), RandomPalette.create(150, 0)};
        LabelMap labels = MaskigeFixtures.uniform(256, 256, 150, 7);
        for (int i = 0; i < 2; i++) {
            float[] noisy = MaskigeFixtures.withGaussianNoise(palettes[i].toMaskigeNchw(labels), 10, 11);
            LabelMap decoded = new NearestColourInverse(palettes[i]).invert(noisy, 0, 256, 256);
            accuracies[i] = MaskigeFixtures.accuracy(labels, decoded);
        }
        System.out.printf("K=150, sigma=10, 65536 pixels: nearest-colour accuracy maximal-distance %.4f, random %.4f%n",
                accuracies[0], accuracies[1]);
        assertTrue(accuracies[0] >= accuracies[1]);
        assertEquals(0.983, accuracies[0], 0.003);
        assertEquals(0.830, accuracies[1], 0.003);
    }

    @Test
    void tiesGoToTheLowestClassIndex() {
        Palette p = Palette.of(new int[][] {{200, 0, 0}, {0, 0, 10}, {0, 10, 0}, {10, 0, 0}});
        NearestColourInverse inverse = new NearestColourInverse(p);
        // black is at distance 10 from classes 1, 2 and 3
        float[] chw = new float[6];
        assertEquals(1, inverse.invert(chw, 0, 2, 1).at(0));
        assertEquals(1, inverse.invert(chw, 0, 2, 1).at(1));
        RgbImage rgb = RgbImage.blank(2, 1);
        rgb.set(1, 0, 105, 0, 0);
        LabelMap fromBytes = inverse.invert(rgb);
        assertEquals(1, fromBytes.at(0));
        assertEquals(0, fromBytes.at(1), "(105,0,0) ties between class 0 (200,0,0) and class 3 (10,0,0)");
    }

    @Test
    void rejectsNonFiniteValuesAndShortArrays() {
        NearestColourInverse inverse = new NearestColourInverse(MaximalDistancePalette.create(19, 0));
        float[] chw = new float[12];
        chw[5] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inverse.invert(chw, 0, 2, 2));
        assertTrue(e.getMessage().contains("pixel (1,0)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> inverse.invert(new float[11], 0, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> inverse.invertBatch(new float[12], 2, 2, 2));
    }

    /** Not a benchmark: prints the throughput once so a regression to per-pixel allocation would show in reports. */
    @Test
    void invertsAFullEvaluationImageQuickly() {
        Palette p = MaximalDistancePalette.create(150, 0);
        LabelMap labels = MaskigeFixtures.uniform(512, 512, 150, 3);
        float[] noisy = MaskigeFixtures.withGaussianNoise(p.toMaskigeNchw(labels), 5, 4);
        NearestColourInverse inverse = new NearestColourInverse(p);
        inverse.invert(noisy, 0, 512, 512);
        long t0 = System.nanoTime();
        LabelMap out = inverse.invert(noisy, 0, 512, 512);
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("K=150, 512x512 noisy maskige: %.1f ms (%.1f ns per pixel-class)%n", ms,
                ms * 1e6 / (512.0 * 512 * 150));
        assertTrue(MaskigeFixtures.accuracy(labels, out) > 0.999);
    }
}
