package org.gss.data.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.gss.data.image.LabelMap;
import org.junit.jupiter.api.Test;

class ViewTest {
    @Test
    void geometryFollowsMmsegKeepRatioResizeAndPadsToTokens() {
        ViewGeometry g = new ViewGeometry(2048, 1024, 8);
        // Cityscapes 2048x1024 at ratio 0.5 -> 1024x512 (already a multiple of 8)
        assertArrayEquals(new int[] {1024, 512}, g.resized(2048, 1024, new AugmentationView(0.5, false)));
        // ADE-like 683x512 into (2048, 512): fit = min(2048/683, 512/512) = 1 -> ratio 0.75 -> 512x384
        ViewGeometry ade = new ViewGeometry(2048, 512, 8);
        assertArrayEquals(new int[] {512, 384}, ade.resized(683, 512, new AugmentationView(0.75, false)));
        // 683x512 at ratio 1 -> 683x512, padded to 688x512, grid 86x64
        assertArrayEquals(new int[] {688, 512}, ade.padded(683, 512, new AugmentationView(1.0, false)));
        assertArrayEquals(new int[] {86, 64}, ade.tokenGrid(683, 512, new AugmentationView(1.0, true)));
    }

    @Test
    void viewIdsRoundTripAndGridIsOrdered() {
        List<AugmentationView> views = AugmentationView.grid(List.of(0.5, 1.25), true);
        assertEquals(List.of("r0.5", "r0.5-flip", "r1.25", "r1.25-flip"),
                views.stream().map(AugmentationView::id).toList());
        for (AugmentationView v : views) {
            assertEquals(v, AugmentationView.parse(v.id()));
        }
        assertEquals("r1", new AugmentationView(1.0, false).id());
    }

    @Test
    void labelOpsAreExactOnIds() {
        LabelMap m = new LabelMap(4, 2, new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
        assertArrayEquals(new byte[] {3, 2, 1, 0, 7, 6, 5, 4}, LabelOps.flipHorizontal(m).ids());
        LabelMap up = LabelOps.resizeNearest(m, 8, 4);
        assertEquals(0, up.get(0, 0));
        assertEquals(0, up.get(1, 1));
        assertEquals(3, up.get(7, 0));
        assertEquals(7, up.get(7, 3));
        LabelMap down = LabelOps.resizeNearest(up, 4, 2);
        assertArrayEquals(m.ids(), down.ids());
        LabelMap padded = LabelOps.pad(m, 8, 8, 255);
        assertEquals(255, padded.get(4, 0));
        assertEquals(255, padded.get(0, 2));
        assertEquals(6, padded.get(2, 1));
        assertArrayEquals(new byte[] {5, 6}, LabelOps.crop(m, 1, 1, 2, 1).ids());
    }

    @Test
    void coverageCodesEachTokenPatch() {
        LabelMap m = LabelMap.filled(16, 8, 3);
        m.set(9, 2, 255); // one unlabeled pixel in token (1,0)
        LabelMap ok = m;
        byte[] c = TokenCoverage.of(ok, 8);
        assertArrayEquals(new byte[] {TokenCoverage.LABELED, TokenCoverage.PARTLY}, c);
        LabelMap none = LabelMap.filled(8, 8, 255);
        assertArrayEquals(new byte[] {TokenCoverage.UNLABELED}, TokenCoverage.of(none, 8));
    }

    @Test
    void viewComposesResizeFlipAndPad() {
        LabelMap m = new LabelMap(10, 6, new byte[60]);
        for (int i = 0; i < 60; i++) {
            m.ids()[i] = (byte) (i % 10);
        }
        ViewGeometry g = new ViewGeometry(10, 6, 8);
        LabelMap v = LabelOps.view(m, g, new AugmentationView(1.0, true));
        assertEquals(16, v.width());
        assertEquals(8, v.height());
        assertEquals(9, v.get(0, 0));
        assertEquals(0, v.get(9, 0));
        assertEquals(255, v.get(10, 0));
        assertEquals(255, v.get(0, 6));
    }
}
