package org.gss.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HarmonicMeanTest {
    @Test
    void threeValues() {
        // 1/50 + 1/60 + 1/75 = (6 + 5 + 4)/300 = 1/20, so the mean is 3 * 20 = 60.
        assertEquals(3 / (1 / 50.0 + 1 / 60.0 + 1 / 75.0), HarmonicMean.of(50, 60, 75), 1e-12);
        assertEquals(60.0, HarmonicMean.of(50, 60, 75), 1e-12);
    }

    @Test
    void zeroGivesZeroAndNaNIsLeftOut() {
        assertEquals(0.0, HarmonicMean.of(50, 0, 75), 0);
        assertEquals(60.0, HarmonicMean.of(50, Double.NaN, 75, 60), 1e-12);
        assertTrue(Double.isNaN(HarmonicMean.of(Double.NaN)));
        assertTrue(Double.isNaN(HarmonicMean.of()));
        assertThrows(IllegalArgumentException.class, () -> HarmonicMean.of(50, -1));
        assertThrows(IllegalArgumentException.class, () -> HarmonicMean.of(Double.POSITIVE_INFINITY));
    }

    @Test
    void namedValuesSayWhatWasExcluded() {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("voc", 50.0);
        v.put("kitti", Double.NaN);
        v.put("camvid", 60.0);
        v.put("scannet", 75.0);
        HarmonicMean.Result r = HarmonicMean.ofNamed(v);
        assertEquals(60.0, r.value(), 1e-12);
        assertEquals(List.of("voc", "camvid", "scannet"), r.used());
        assertEquals(List.of("kitti"), r.excluded());
        assertEquals("harmonic mean over 3 of 4 (excluded, no value: kitti)", r.note());
    }
}
