package org.gss.tokenizer.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.gss.data.image.LabelMap;
import org.junit.jupiter.api.Test;

/** The nearest-labeled-pixel fill (the --pseudo-labels spec: model.fill.AuxHeadFillTest). */
class NearestLabelFillTest {
    private static final int X = LabelMap.IGNORE;

    @Test
    void fillsEachUnlabeledPixelFromTheNearestLabeledOneAndKeepsLabeledPixels() {
        LabelMap in = map(5, 3,
                1, X, X, X, 2,
                1, X, X, X, 2,
                X, X, X, X, X);
        LabelMap out = new NearestLabelFill().fill(null, in);
        // distance ties (the middle column) go to the labeled pixel first in row-major order: class 1
        assertArrayEquals(bytes(
                1, 1, 1, 2, 2,
                1, 1, 1, 2, 2,
                1, 1, 1, 2, 2), out.ids());
        assertEquals(0, out.size() - out.labeledCount());
        for (int i = 0; i < in.size(); i++) {
            if (in.at(i) != X) {
                assertEquals(in.at(i), out.at(i));
            }
        }
        assertEquals(X, in.at(1), "the input is not modified");
    }

    @Test
    void fullyLabeledAndFullyUnlabeledMapsComeBackUnchanged() {
        LabelMap full = LabelMap.filled(4, 4, 3);
        assertSame(full, new NearestLabelFill().fill(null, full));
        LabelMap none = LabelMap.filled(4, 4, X);
        assertArrayEquals(none.ids(), new NearestLabelFill().fill(null, none).ids());
        assertFalse(new NearestLabelFill().usesImage());
    }

    static LabelMap map(int w, int h, int... ids) {
        return new LabelMap(w, h, bytes(ids));
    }

    static byte[] bytes(int... ids) {
        byte[] b = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            b[i] = (byte) ids[i];
        }
        return b;
    }
}
