package org.gss.maskige;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.gss.maskige.MaximalDistancePalette.Design;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MaximalDistancePaletteTest {

    /** K, expected min pairwise distance of the GSS-FF palette and of the FF-R palette, both seed 0. */
    @ParameterizedTest
    @CsvSource({"19, 128.16, 30.90", "150, 46.18, 7.07"})
    void maximalDistanceIsFartherApartThanRandom(int k, double expectedMd, double expectedRandom) {
        Palette md = MaximalDistancePalette.create(k, 0);
        Palette random = RandomPalette.create(k, 0);
        double dMd = md.minPairwiseDistance();
        double dRandom = random.minPairwiseDistance();
        System.out.printf("K=%d min pairwise distance: maximal-distance %.3f, random %.3f (%s)%n", k, dMd, dRandom,
                md.source());
        assertEquals(expectedMd, dMd, 0.01);
        assertEquals(expectedRandom, dRandom, 0.01);
        assertTrue(dMd > 4 * dRandom, "maximal distance should be far better than random");
    }

    @Test
    void sameSeedSameColoursOtherSeedOtherColours() {
        for (int k : new int[] {19, 150}) {
            assertEquals(MaximalDistancePalette.create(k, 7), MaximalDistancePalette.create(k, 7));
            assertArrayEquals(MaximalDistancePalette.create(k, 7).colours(),
                    MaximalDistancePalette.create(k, 7).colours());
            assertNotEquals(MaximalDistancePalette.create(k, 7), MaximalDistancePalette.create(k, 8));
            assertEquals(RandomPalette.create(k, 7), RandomPalette.create(k, 7));
            assertNotEquals(RandomPalette.create(k, 7), RandomPalette.create(k, 8));
        }
    }

    /** Step (i) alone: start 0 everywhere, no additive factors, intervals as large as 255 allows. */
    @Test
    void arithmeticSequenceIsTheCartesianProductOfThreeSequences() {
        Palette p = MaximalDistancePalette.create(150, 0, Design.ARITHMETIC_SEQUENCE);
        // 5x5x6 = 150 cells; intervals 255/4 = 63 (r, g) and 255/5 = 51 (b)
        assertTrue(p.source().contains("levels=5x5x6, intervals=63/63/51"), p.source());
        assertArrayEquals(new int[] {0, 0, 0}, p.colour(0));
        assertArrayEquals(new int[] {0, 0, 51}, p.colour(1));
        assertArrayEquals(new int[] {0, 63, 0}, p.colour(6));
        assertArrayEquals(new int[] {63, 0, 0}, p.colour(30));
        assertArrayEquals(new int[] {252, 252, 255}, p.colour(149));
        assertArrayEquals(new int[] {126, 126, 102}, p.colour(2 * 30 + 2 * 6 + 2));
        assertEquals(51.0, p.minPairwiseDistance(), 1e-9);
    }

    /** Step (ii): starts 0/1/2; the extra start offsets shift which level count each channel can afford. */
    @Test
    void misalignedStartsAreZeroOneTwo() {
        Palette p = MaximalDistancePalette.create(150, 0, Design.MISALIGNED_STARTS);
        assertTrue(p.source().contains("levels=6x5x5, intervals=51/63/63, starts=0/1/2"), p.source());
        assertArrayEquals(new int[] {0, 1, 2}, p.colour(0));
        assertArrayEquals(new int[] {255, 253, 254}, p.colour(149));
    }

    /** Step (iii): every channel is its arithmetic-sequence value plus an integer t in 0..15, roughly uniform. */
    @Test
    void randomAdditiveFactorsAreIntegersFromZeroToFifteen() {
        Palette p = MaximalDistancePalette.create(150, 3, Design.RANDOM_ADDITIVE_FACTORS);
        assertTrue(p.source().contains("levels=6x5x5, intervals=48/59/59, starts=0/1/2, T=15"), p.source());
        int[] levels = {6, 5, 5};
        int[] intervals = {48, 59, 59};
        int[] starts = {0, 1, 2};
        Set<Integer> seen = new HashSet<>();
        double sum = 0;
        for (int k = 0; k < 150; k++) {
            int[] index = {k / (levels[1] * levels[2]), (k / levels[2]) % levels[1], k % levels[2]};
            for (int m = 0; m < 3; m++) {
                int t = p.channel(k, m) - (starts[m] + index[m] * intervals[m]);
                assertTrue(t >= 0 && t <= 15, "class " + k + " channel " + m + " t=" + t);
                seen.add(t);
                sum += t;
            }
        }
        assertEquals(16, seen.size(), "every t in 0..15 should occur among 450 draws");
        assertEquals(7.5, sum / 450, 0.7);
    }

    /**
     * Step (iv): the refinement raises the smallest distance over the unrefined palette and leaves every colour at
     * least half that distance from the grey centre (grey counts as an occupied point at twice the distance).
     */
    @ParameterizedTest
    @CsvSource({"19, 107.02, 128.16", "150, 34.66, 46.18", "194, 32.06, 41.50"})
    void refinementSpreadsColoursAndAvoidsGrey(int k, double unrefined, double refined) {
        Palette before = MaximalDistancePalette.create(k, 0, Design.RANDOM_ADDITIVE_FACTORS);
        Palette after = MaximalDistancePalette.create(k, 0);
        System.out.printf("K=%d min distance: arithmetic+misaligned+additive %.3f, +refinement %.3f (%s)%n", k,
                before.minPairwiseDistance(), after.minPairwiseDistance(), after.source());
        assertEquals(unrefined, before.minPairwiseDistance(), 0.01);
        assertEquals(refined, after.minPairwiseDistance(), 0.01);
        double minGrey = Double.POSITIVE_INFINITY;
        for (int[] c : after.colours()) {
            minGrey = Math.min(minGrey, ColourSpace.distanceToGrey(c));
        }
        assertTrue(2 * minGrey >= after.minPairwiseDistance(), "closest colour to grey is at " + minGrey);
        System.out.printf("K=%d closest colour to grey: %.2f from (127.5,127.5,127.5)%n", k, minGrey);
        assertTrue(minGrey > 0.25 * after.minPairwiseDistance(), "closest colour to grey is at " + minGrey);
    }

    /** For the small K of Table 1's least-squares argument every colour ends on (or next to) a cube corner. */
    @Test
    void eightClassesTakeTheCubeCorners() {
        Palette p = MaximalDistancePalette.create(8, 0);
        for (int[] c : p.colours()) {
            for (int v : c) {
                assertTrue(v <= 17 || v >= 238, java.util.Arrays.toString(c));
            }
        }
        assertTrue(p.minPairwiseDistance() > 220, "" + p.minPairwiseDistance());
    }

    @Test
    void classCountLimits() {
        assertEquals(1, MaximalDistancePalette.create(1, 0).numClasses());
        Palette max = MaximalDistancePalette.create(255, 0);
        assertEquals(255, max.numClasses());
        assertTrue(max.minPairwiseDistance() > 30, "" + max.minPairwiseDistance());
        assertThrows(IllegalArgumentException.class, () -> MaximalDistancePalette.create(0, 0));
        assertThrows(IllegalArgumentException.class, () -> MaximalDistancePalette.create(256, 0));
        assertThrows(IllegalArgumentException.class, () -> RandomPalette.create(256, 0));
    }
}
