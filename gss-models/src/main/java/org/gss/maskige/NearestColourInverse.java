package org.gss.maskige;

import java.io.Serializable;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;

/**
 * GSS-FF decoding as the reference implements it ({@code decode_from_segmap(..., keep_ignore_index=False)}): per pixel,
 * the class whose colour is nearest in squared Euclidean distance over 0..255 RGB, with the ignore colour's row left
 * out. Arithmetic is float32 like the reference's: v = x·255f, d_k = ((v_r−β_k,r)² + (v_g−β_k,g)²) + (v_b−β_k,b)²,
 * and ties go to the lowest class index (torch.argmin).
 *
 * <p>Consequence of leaving the ignore row out: pixels painted with the ignore colour come back as the class whose
 * colour is nearest the ignore colour ({@link #ignoreMapsTo()}), never as 255. The evaluation drops those pixels
 * anyway, because it takes ignore from the ground truth.
 *
 * <p>Cost: K distance evaluations per pixel in a branch-light loop, no allocation (about 2 ns per pixel and class on
 * the 2-core build machine under load; seeding the search with the previous pixel's class and skipping on partial
 * sums measured slower). A pixel equal to its predecessor reuses its answer (flat regions), and the 8-bit path uses
 * exact integer distances and a small per-call colour cache. Stateless between calls, so one instance may be shared
 * by threads.
 */
public final class NearestColourInverse implements Inverse, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int CACHE_BITS = 12;

    private final int numClasses;
    private final float[] red;
    private final float[] green;
    private final float[] blue;
    private final int[][] colours;
    private final int ignoreMapsTo;

    public NearestColourInverse(Palette palette) {
        numClasses = palette.numClasses();
        colours = palette.colours();
        red = new float[numClasses];
        green = new float[numClasses];
        blue = new float[numClasses];
        for (int k = 0; k < numClasses; k++) {
            red[k] = colours[k][0];
            green[k] = colours[k][1];
            blue[k] = colours[k][2];
        }
        int[] ig = palette.ignoreColour();
        ignoreMapsTo = nearestInt(ig[0], ig[1], ig[2]);
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** The class that pixels painted with the palette's ignore colour invert to. */
    public int ignoreMapsTo() {
        return ignoreMapsTo;
    }

    @Override
    public LabelMap invert(float[] chw, int offset, int height, int width) {
        return ColourRuns.classify(chw, offset, height, width, this::nearestFloat);
    }

    /** Exact integer distances on the 8-bit values (the float path would give the same ids up to exact ties). */
    @Override
    public LabelMap invert(RgbImage maskige) {
        int n = maskige.width() * maskige.height();
        byte[] ids = new byte[n];
        int[] cacheKeys = new int[1 << CACHE_BITS];
        java.util.Arrays.fill(cacheKeys, -1);
        byte[] cacheIds = new byte[1 << CACHE_BITS];
        for (int i = 0; i < n; i++) {
            int packed = maskige.packed(i);
            int slot = (packed * 0x9E3779B1) >>> (32 - CACHE_BITS);
            if (cacheKeys[slot] != packed) {
                cacheKeys[slot] = packed;
                cacheIds[slot] = (byte) nearestInt(packed >>> 16, (packed >>> 8) & 0xFF, packed & 0xFF);
            }
            ids[i] = cacheIds[slot];
        }
        return new LabelMap(maskige.width(), maskige.height(), ids);
    }

    private int nearestFloat(float r, float g, float b, int pixel, int width) {
        int best = -1;
        float bestD = Float.POSITIVE_INFINITY;
        for (int k = 0; k < numClasses; k++) {
            float dr = r - red[k];
            float dg = g - green[k];
            float db = b - blue[k];
            float d = dr * dr + dg * dg + db * db;
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("maskige value (" + r / 255f + ", " + g / 255f + ", " + b / 255f
                    + ") at pixel (" + pixel % width + "," + pixel / width + ") is not finite or too large");
        }
        return best;
    }

    private int nearestInt(int r, int g, int b) {
        int best = 0;
        int bestD = Integer.MAX_VALUE;
        for (int k = 0; k < numClasses; k++) {
            int[] c = colours[k];
            int dr = r - c[0];
            int dg = g - c[1];
            int db = b - c[2];
            int d = dr * dr + dg * dg + db * db;
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
    }
}
