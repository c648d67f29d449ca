package org.gss.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gss.data.image.LabelMap;
import org.junit.jupiter.api.Test;

class SyntheticSceneTest {
    private static final int W = 256;
    private static final int H = 128;

    @Test
    void sameSeedGivesSamePixelsAndOtherSeedsDiffer() {
        SyntheticScene.Sample a = SyntheticScene.render(W, H, 8, 0.05, 42);
        SyntheticScene.Sample b = SyntheticScene.render(W, H, 8, 0.05, 42);
        SyntheticScene.Sample c = SyntheticScene.render(W, H, 8, 0.05, 43);
        assertArrayEquals(a.image().rgb(), b.image().rgb());
        assertArrayEquals(a.labels().ids(), b.labels().ids());
        assertFalse(java.util.Arrays.equals(a.labels().ids(), c.labels().ids()));
    }

    @Test
    void labelsAreTrainingIdsAndFullLabelsOnlyDifferWhereUnlabeled() {
        for (long seed = 0; seed < 10; seed++) {
            SyntheticScene.Sample s = SyntheticScene.render(W, H, 8, 0.05, seed);
            assertEquals(W, s.image().width());
            assertEquals(H, s.labels().height());
            for (int i = 0; i < s.labels().size(); i++) {
                int label = s.labels().at(i);
                int full = s.fullLabels().at(i);
                assertTrue(full < 8, "full label " + full);
                assertTrue(label == full || label == LabelMap.IGNORE, "label " + label + " vs drawn " + full);
            }
        }
    }

    @Test
    void unlabeledShareFollowsTheSetting() {
        for (double share : new double[] {0.0, 0.05, 0.15}) {
            double sum = 0;
            int n = 20;
            for (long seed = 0; seed < n; seed++) {
                LabelMap l = SyntheticScene.render(W, H, 8, share, seed).labels();
                sum += 1.0 - (double) l.labeledCount() / l.size();
            }
            double mean = sum / n;
            assertEquals(share, mean, 0.005, "mean unlabeled share for setting " + share);
        }
    }

    @Test
    void scenesHaveLargeRegionsAndThinObjects() {
        // generic roles for K=8: class 0 ground, 1 sky, 4 thin (poles/wires)
        int skyTop = 0;
        int groundBottom = 0;
        int thinRuns = 0;
        int n = 20;
        for (long seed = 0; seed < n; seed++) {
            LabelMap full = SyntheticScene.render(W, H, 8, 0, seed).fullLabels();
            skyTop += full.get(W / 2, 0) == 1 || full.get(3, 0) == 1 ? 1 : 0;
            groundBottom += full.get(W / 2, H - 1) == 0 || full.get(3, H - 1) == 0 ? 1 : 0;
            thinRuns += rowsWithNarrowRun(full, 4, 4) >= 4 ? 1 : 0;
        }
        assertTrue(skyTop >= n * 0.6, "sky at the top in " + skyTop + "/" + n);
        assertTrue(groundBottom >= n * 0.4, "main ground at the bottom in " + groundBottom + "/" + n);
        assertTrue(thinRuns >= n * 0.8, "poles at most 4 px wide in " + thinRuns + "/" + n);
    }

    @Test
    void cityscapesRolesPutSkyAboveRoad() {
        ClassRoles roles = ClassRoles.cityscapes(19);
        assertEquals(SceneRole.FLAT, roles.role(0));
        assertEquals(SceneRole.SKY, roles.role(10));
        assertEquals(SceneRole.THIN, roles.role(5));
        assertEquals("sky", roles.names().get(10));
        assertEquals(List.of(10), java.util.Arrays.stream(roles.classes(SceneRole.SKY)).boxed().toList());
        SceneSettings settings = new SceneSettings(W, H, roles, 0, DomainStyle.NEUTRAL);
        int skyRows = 0;
        for (long seed = 0; seed < 10; seed++) {
            LabelMap full = SyntheticScene.render(settings, seed).fullLabels();
            skyRows += full.get(1, 0) == 10 || full.get(W - 2, 0) == 10 ? 1 : 0;
        }
        assertTrue(skyRows >= 6, "sky (trainId 10) in the top corners of " + skyRows + "/10 scenes");
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticScene.render(8, 8, 8, 0.05, 0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticScene.render(W, H, 1, 0.05, 0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticScene.render(W, H, 8, 0.7, 0));
        assertThrows(IllegalArgumentException.class, () -> ClassRoles.cityscapes(20));
    }

    /** Rows in which {@code classId} occurs as a run of 1..maxWidth pixels between two pixels of other classes. */
    private static int rowsWithNarrowRun(LabelMap l, int classId, int maxWidth) {
        int rows = 0;
        for (int y = 0; y < l.height(); y++) {
            for (int x = 1; x < l.width(); x++) {
                if (l.get(x, y) == classId && l.get(x - 1, y) != classId) {
                    int end = x;
                    while (end < l.width() && l.get(end, y) == classId) {
                        end++;
                    }
                    if (end < l.width() && end - x <= maxWidth) {
                        rows++;
                        break;
                    }
                }
            }
        }
        return rows;
    }

    /** Detail scale k at k-times the size is the same scene at a finer resolution: same layout, same class shares. */
    @Test
    void detailScaleRendersTheSameSceneAtAFinerResolution() {
        int thin = 4; // generic roles: class 4 is THIN (poles and wires)
        double[] coarse = new double[8];
        double[] fine = new double[8];
        double[] fineUnscaled = new double[8];
        long agree = 0;
        long total = 0;
        for (long seed = 0; seed < 12; seed++) {
            LabelMap a = render(128, 64, 1, seed);
            LabelMap b = render(512, 256, 4, seed);
            LabelMap c = render(512, 256, 1, seed);
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 128; x++) {
                    agree += a.at(y * 128 + x) == b.at((4 * y + 2) * 512 + 4 * x + 2) ? 1 : 0;
                    total++;
                }
            }
            addShares(a, coarse);
            addShares(b, fine);
            addShares(c, fineUnscaled);
        }
        assertTrue(agree > 0.95 * total, "4x scene sampled at 1x agrees on " + agree + " of " + total);
        for (int k = 0; k < 8; k++) {
            assertEquals(coarse[k], fine[k], 0.01 * 12, "share of class " + k);
        }
        assertTrue(fineUnscaled[thin] < 0.5 * fine[thin], "one-pixel poles at 4x: " + fineUnscaled[thin] + " vs "
                + fine[thin]);
        assertThrows(IllegalArgumentException.class, () -> render(128, 64, 0.5, 0));
    }

    private static LabelMap render(int w, int h, double detail, long seed) {
        SceneSettings s = new SceneSettings(w, h, ClassRoles.generic(8), 0, DomainStyle.NEUTRAL, detail);
        return SyntheticScene.render(s, seed).fullLabels();
    }

    private static void addShares(LabelMap m, double[] shares) {
        for (int i = 0; i < m.size(); i++) {
            shares[m.at(i)] += 1.0 / m.size();
        }
    }
}
