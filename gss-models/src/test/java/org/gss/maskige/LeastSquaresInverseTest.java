package org.gss.maskige;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gss.data.image.LabelMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;

class LeastSquaresInverseTest {

    /** β† = (βᵀβ)⁻¹βᵀ is a left inverse of β: β†β = I₃, so re-encoding the scores reproduces any colour. */
    @ParameterizedTest
    @ValueSource(ints = {3, 19, 150})
    void pseudoInverseIsALeftInverseOfBeta(int k) {
        Palette p = MaximalDistancePalette.create(k, 0);
        double[][] gamma = new LeastSquaresInverse(p).pseudoInverse();
        int[][] beta = p.colours();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int c = 0; c < k; c++) {
                    s += gamma[i][c] * beta[c][j];
                }
                assertEquals(i == j ? 1.0 : 0.0, s, 1e-12, "(β†β)[" + i + "][" + j + "]");
            }
        }
    }

    /** For the small K where the maximal-distance colours sit on cube corners, β† recovers every class. */
    @ParameterizedTest
    @ValueSource(ints = {3, 4, 8})
    void recoversUndistortedMaskigesAtSmallK(int k) {
        Palette p = MaximalDistancePalette.create(k, 0);
        LabelMap labels = MaskigeFixtures.blocks(64, 48, k, 4, 0, 2);
        LabelMap back = new LeastSquaresInverse(p).invert(p.toMaskigeNchw(labels), 0, 48, 64);
        assertArrayEquals(labels.ids(), back.ids());
    }

    /**
     * σ = 10 on the 0..255 scale: every class keeps ≥ 99.9% accuracy except the near-black one, whose scores are all
     * ≈ 0 (x·w_k vanishes with x), so any noise hands its pixels to another class. Nearest colour loses nothing.
     */
    @Test
    void robustToSmallNoiseExceptNearBlack() {
        Palette p = MaximalDistancePalette.create(8, 0);
        LabelMap labels = MaskigeFixtures.uniform(128, 128, 8, 9);
        float[] noisy = MaskigeFixtures.withGaussianNoise(p.toMaskigeNchw(labels), 10, 10);
        LabelMap ls = new LeastSquaresInverse(p).invert(noisy, 0, 128, 128);
        double nearest = MaskigeFixtures.accuracy(labels, new NearestColourInverse(p).invert(noisy, 0, 128, 128));
        int[] hit = new int[8];
        int[] total = new int[8];
        for (int i = 0; i < labels.size(); i++) {
            total[labels.at(i)]++;
            hit[labels.at(i)] += ls.at(i) == labels.at(i) ? 1 : 0;
        }
        int darkest = 0;
        for (int k = 0; k < 8; k++) {
            int[] c = p.colour(k);
            int[] d = p.colour(darkest);
            darkest = c[0] + c[1] + c[2] < d[0] + d[1] + d[2] ? k : darkest;
        }
        StringBuilder perClass = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            double acc = (double) hit[k] / total[k];
            perClass.append(String.format(" %d%s=%.4f", k, java.util.Arrays.toString(p.colour(k)), acc));
            if (k != darkest) {
                assertTrue(acc >= 0.999, "class " + k + " accuracy " + acc);
            }
        }
        System.out.printf("K=8, sigma=10: least-squares overall %.4f, per class:%s; nearest-colour %.4f%n",
                MaskigeFixtures.accuracy(labels, ls), perClass, nearest);
        assertTrue((double) hit[darkest] / total[darkest] < 0.5, "the near-black class is the fragile one");
        assertEquals(1.0, nearest);
    }

    /**
     * At K = 19 and 150 the linear argmax can only return classes whose colours are extreme (see the class comment).
     * The number it recovers must equal what ND4J's own pseudo-inverse predicts through the hat matrix β·pinv(β).
     */
    @ParameterizedTest
    @CsvSource({"19, 9", "150, 8"})
    void recoversOnlyHullClassesAtLargeK(int k, int expectedRecovered) {
        Palette p = MaximalDistancePalette.create(k, 0);
        LeastSquaresInverse inverse = new LeastSquaresInverse(p);
        int[][] beta = p.colours();
        double[][] b = new double[k][3];
        for (int c = 0; c < k; c++) {
            for (int m = 0; m < 3; m++) {
                b[c][m] = beta[c][m];
            }
        }
        INDArray betaNd = Nd4j.create(b).castTo(DataType.DOUBLE);
        INDArray hat = betaNd.mmul(InvertMatrix.pinvert(betaNd.dup(), false));
        int predicted = 0;
        for (int c = 0; c < k; c++) {
            int[] col = beta[c];
            double[] scores = inverse.scores(col[0] / 255f, col[1] / 255f, col[2] / 255f);
            int argmax = 0;
            for (int j = 0; j < k; j++) {
                assertEquals(hat.getDouble(c, j), scores[j], 1e-6, "hat[" + c + "][" + j + "]");
                argmax = hat.getDouble(c, j) > hat.getDouble(c, argmax) ? j : argmax;
            }
            predicted += argmax == c ? 1 : 0;
        }
        LabelMap labels = MaskigeFixtures.blocks(64, 64, k, 4, 0, 6);
        LabelMap back = inverse.invert(p.toMaskigeNchw(labels), 0, 64, 64);
        boolean[] recovered = new boolean[k];
        java.util.Arrays.fill(recovered, true);
        for (int i = 0; i < labels.size(); i++) {
            recovered[labels.at(i)] &= back.at(i) == labels.at(i);
        }
        int count = 0;
        for (boolean r : recovered) {
            count += r ? 1 : 0;
        }
        double pixelAccuracy = MaskigeFixtures.accuracy(labels, back);
        System.out.printf("K=%d least-squares on an undistorted maskige: %d of %d classes recovered, pixel accuracy"
                + " %.4f (nearest colour: all)%n", k, count, k, pixelAccuracy);
        assertEquals(predicted, count);
        assertEquals(expectedRecovered, count);
    }

    @Test
    void needsColoursThatSpanThreeDimensions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LeastSquaresInverse(MaximalDistancePalette.create(2, 0)));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LeastSquaresInverse(Palette.of(new int[][] {{10, 20, 30}, {20, 40, 60}, {5, 10, 15}})));
    }
}
