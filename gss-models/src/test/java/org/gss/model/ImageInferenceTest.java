package org.gss.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.junit.jupiter.api.Test;

/** The whole/slide geometry shared by evaluation and the pseudo-label fill, with window functions that need no model. */
class ImageInferenceTest {

    /** An image whose red and green channels are its x and y coordinates. */
    static RgbImage coordinates(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[(y * w + x) * 3] = (byte) x;
                rgb[(y * w + x) * 3 + 1] = (byte) y;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    static int f(int x, int y) {
        return (x + 2 * y) % 5;
    }

    /** Labels f of the absolute coordinates the window's pixels carry (padding is black: f of its own position). */
    static LabelMap byCoordinates(RgbImage win) {
        LabelMap out = LabelMap.filled(win.width(), win.height(), 0);
        for (int y = 0; y < win.height(); y++) {
            for (int x = 0; x < win.width(); x++) {
                int i = (y * win.width() + x) * 3;
                out.set(x, y, f(win.rgb()[i] & 0xFF, win.rgb()[i + 1] & 0xFF));
            }
        }
        return out;
    }

    @Test
    void wholeAtTheImagesOwnResolutionPadsToTheTokenGridAndCropsBack() {
        RgbImage img = coordinates(21, 13);
        List<int[]> seen = new ArrayList<>();
        LabelMap out = ImageInference.whole(img, w -> {
            seen.add(new int[] {w.width(), w.height()});
            return byCoordinates(w);
        });
        assertEquals(1, seen.size());
        assertEquals(24, seen.get(0)[0]);
        assertEquals(16, seen.get(0)[1]);
        assertEquals(21, out.width());
        assertEquals(13, out.height());
        for (int y = 0; y < 13; y++) {
            for (int x = 0; x < 21; x++) {
                assertEquals(f(x, y), out.get(x, y), x + "," + y);
            }
        }
    }

    @Test
    void wholeAtAShortSideResizesAndComesBackAtTheImageSize() {
        List<int[]> seen = new ArrayList<>();
        LabelMap out = ImageInference.whole(coordinates(40, 20), 10, w -> {
            seen.add(new int[] {w.width(), w.height()});
            return LabelMap.filled(w.width(), w.height(), 3);
        });
        assertEquals(24, seen.get(0)[0], "20 wide, padded to 24");
        assertEquals(16, seen.get(0)[1], "10 high, padded to 16");
        assertEquals(40, out.width());
        assertEquals(20, out.height());
        assertArrayEquals(new int[] {3}, out.distinctIds());
    }

    @Test
    void slideCoversTheImageWithWindowsThatAgreeWhereTheyOverlap() {
        RgbImage img = coordinates(30, 20);
        List<int[]> origins = new ArrayList<>();
        LabelMap out = ImageInference.slide(img, 16, 8, 5, w -> {
            origins.add(new int[] {w.rgb()[0] & 0xFF, w.rgb()[1] & 0xFF});
            return byCoordinates(w);
        });
        // columns at x 0, 8, 14 (the last one clamped to the edge), rows at y 0, 4
        assertEquals(List.of("0,0", "8,0", "14,0", "0,4", "8,4", "14,4"),
                origins.stream().map(o -> o[0] + "," + o[1]).toList());
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 30; x++) {
                assertEquals(f(x, y), out.get(x, y), x + "," + y);
            }
        }
    }

    @Test
    void slideGivesEachPixelTheMostVotedClassWithTiesToTheLowestId() {
        int[] calls = {0};
        LabelMap out = ImageInference.slide(coordinates(30, 20), 16, 8, 8,
                w -> LabelMap.filled(w.width(), w.height(), calls[0]++));
        assertEquals(0, out.get(0, 0), "only window 0");
        assertEquals(0, out.get(15, 0), "windows 0 and 1 tie");
        assertEquals(5, out.get(29, 19), "only window 5");
        assertEquals(1, out.get(20, 10), "windows 1, 2, 4, 5 tie");
        assertEquals(2, out.get(29, 0), "only window 2");
        assertThrows(IllegalArgumentException.class,
                () -> ImageInference.slide(coordinates(16, 16), 16, 8, 4, w -> LabelMap.filled(16, 16, 4)));
    }

    @Test
    void slidePadsAnImageSmallerThanOneWindow() {
        List<int[]> seen = new ArrayList<>();
        LabelMap out = ImageInference.slide(coordinates(10, 6), 16, 16, 5, w -> {
            seen.add(new int[] {w.width(), w.height()});
            return byCoordinates(w);
        });
        assertEquals(1, seen.size());
        assertEquals(16, seen.get(0)[0]);
        assertEquals(10, out.width());
        assertEquals(f(9, 5), out.get(9, 5));
    }
}
