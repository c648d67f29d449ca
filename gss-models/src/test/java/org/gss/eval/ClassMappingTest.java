package org.gss.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.junit.jupiter.api.Test;

class ClassMappingTest {
    /** Universal (6 classes) → test (3): u0,u1→t0, u2→t1, u3→none, u4→t2, u5→none. */
    private static final ClassMapping MAPPING = new ClassMapping(new int[] {0, 0, 1, 255, 2, 255}, 3);

    @Test
    void mapsUniversalPredictionIntoTestTaxonomy() {
        LabelMap universal = new LabelMap(4, 2, new byte[] {0, 1, 2, 3, 4, 5, (byte) 255, 2});
        LabelMap test = MAPPING.apply(universal, "p.png");
        assertArrayEquals(new byte[] {0, 0, 1, (byte) 255, 2, (byte) 255, (byte) 255, 1}, test.ids());
        assertEquals(4, test.width());
        assertEquals(2, test.height());
        assertEquals(0, universal.at(0), "input untouched");
        assertEquals(255, MAPPING.map(3));
        assertEquals(2, MAPPING.map(4));

        // Scored against gt [0,0,1,1,2,2,1,255]: pixel 3 (u3 -> none) and 6 (255) count against gt class 1,
        // pixel 5 (u5 -> none) against gt 2; pixel 7 is ignored by the gt. So class 1: intersect 1 (pixel 2),
        // area_label 3, area_pred 1 -> IoU 1/3; class 0: 2/2; class 2: intersect 1, label 2, pred 1 -> 1/2.
        LabelMap gt = new LabelMap(4, 2, new byte[] {0, 0, 1, 1, 2, 2, 1, (byte) 255});
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.accumulate(gt, test, "gt.png");
        assertEquals(2, cm.unpredicted(1));
        assertEquals(1, cm.unpredicted(2));
        SegmentationMetrics m = SegmentationMetrics.from(cm);
        assertEquals(100.0, m.iou(0), 1e-12);
        assertEquals(100.0 / 3, m.iou(1), 1e-12);
        assertEquals(50.0, m.iou(2), 1e-12);
    }

    @Test
    void rejectsIdsOutsideTheUniversalTaxonomyNamingTheFile() {
        LabelMap universal = new LabelMap(2, 1, new byte[] {1, 6});
        BadInputException e = assertThrows(BadInputException.class, () -> MAPPING.apply(universal, "pred/x.png"));
        assertEquals("pred/x.png", e.file());
        assertTrue(e.getMessage().contains("universal id 6 at pixel 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MAPPING.apply(universal));
        assertThrows(IllegalArgumentException.class, () -> new ClassMapping(new int[] {0, 3}, 3));
        assertThrows(IllegalArgumentException.class, () -> new ClassMapping(new int[] {0, -1}, 3));
    }
}
