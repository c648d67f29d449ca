package org.gss.tokenizer.cache;

import java.util.SplittableRandom;
import org.gss.data.image.LabelMap;
import org.gss.data.view.LabelOps;

/**
 * How often a training crop of a cached token map equals the tokens of encoding the cropped maskige directly. Crops
 * are aligned to the token grid (DESIGN §2), so the two grids cover the same pixels; they differ only where the
 * encoder's receptive field sees past the crop's edge in the full map. Counts are also kept by distance from the crop
 * border (ring 0 = the outermost tokens, ring {@value #RINGS}-1 = that far in or farther), which shows where the
 * differences sit.
 */
public final class CropConsistency {
    public static final int RINGS = 4;

    private CropConsistency() {
    }

    /** Equal and total token counts, overall and per border ring. */
    public record Count(long equal, long total, long[] equalByRing, long[] totalByRing)
            implements java.io.Serializable {
        public static Count zero() {
            return new Count(0, 0, new long[RINGS], new long[RINGS]);
        }

        public Count plus(Count o) {
            long[] e = new long[RINGS];
            long[] t = new long[RINGS];
            for (int i = 0; i < RINGS; i++) {
                e[i] = equalByRing[i] + o.equalByRing[i];
                t[i] = totalByRing[i] + o.totalByRing[i];
            }
            return new Count(equal + o.equal, total + o.total, e, t);
        }

        /** equal / total (NaN when nothing was counted). */
        public double share() {
            return total == 0 ? Double.NaN : (double) equal / total;
        }

        public double share(int ring) {
            return totalByRing[ring] == 0 ? Double.NaN : (double) equalByRing[ring] / totalByRing[ring];
        }
    }

    /**
     * Compares {@code crops} random aligned crops of {@code cropPixels}² (clipped to the view, rounded down to whole
     * tokens) of one cached view with direct encodings.
     *
     * @param viewLabels the padded view label map that was encoded into {@code cached}
     */
    public static Count measure(SampleEncoder encoder, LabelMap viewLabels, TokenGrid cached, int cropPixels, int crops,
            SplittableRandom random) {
        int t = encoder.geometry().tokenSize();
        if (viewLabels.width() != cached.width() * t || viewLabels.height() != cached.height() * t) {
            throw new IllegalArgumentException("view labels " + viewLabels.width() + "x" + viewLabels.height()
                    + " do not match the cached grid " + cached.width() + "x" + cached.height());
        }
        int cw = Math.max(1, Math.min(cropPixels / t, cached.width()));
        int ch = Math.max(1, Math.min(cropPixels / t, cached.height()));
        Count sum = Count.zero();
        for (int c = 0; c < crops; c++) {
            int x0 = random.nextInt(cached.width() - cw + 1);
            int y0 = random.nextInt(cached.height() - ch + 1);
            int[] direct = encoder.encodeLabels(LabelOps.crop(viewLabels, x0 * t, y0 * t, cw * t, ch * t));
            sum = sum.plus(compare(cached.crop(x0, y0, cw, ch).tokens(), direct, cw, ch));
        }
        return sum;
    }

    /** Compares two row-major {@code w × h} token maps. */
    public static Count compare(int[] fromCache, int[] direct, int w, int h) {
        long[] e = new long[RINGS];
        long[] tot = new long[RINGS];
        long equal = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int ring = Math.min(RINGS - 1, Math.min(Math.min(x, w - 1 - x), Math.min(y, h - 1 - y)));
                boolean same = fromCache[y * w + x] == direct[y * w + x];
                tot[ring]++;
                if (same) {
                    e[ring]++;
                    equal++;
                }
            }
        }
        return new Count(equal, (long) w * h, e, tot);
    }
}
