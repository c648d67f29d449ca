package org.gss.data.image;

import java.util.Objects;

/**
 * A per-pixel class-id map, row-major, ids 0..255 stored as unsigned bytes. {@link #IGNORE} (255) marks unlabeled
 * pixels everywhere in the project (mmseg convention); every taxonomy we read has fewer than 255 classes.
 */
public record LabelMap(int width, int height, byte[] ids) {
    public static final int IGNORE = 255;

    public LabelMap {
        Objects.requireNonNull(ids, "ids");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("label size must be positive: " + width + "x" + height);
        }
        if (ids.length != width * height) {
            throw new IllegalArgumentException("label buffer has " + ids.length + " entries, expected " + width * height);
        }
    }

    public static LabelMap filled(int width, int height, int id) {
        byte[] b = new byte[width * height];
        java.util.Arrays.fill(b, (byte) id);
        return new LabelMap(width, height, b);
    }

    public int get(int x, int y) {
        return ids[y * width + x] & 0xFF;
    }

    /** Id at row-major pixel index i. */
    public int at(int i) {
        return ids[i] & 0xFF;
    }

    public void set(int x, int y, int id) {
        ids[y * width + x] = (byte) id;
    }

    public int size() {
        return ids.length;
    }

    /** Sorted distinct ids present (ignore included if present). */
    public int[] distinctIds() {
        boolean[] seen = new boolean[256];
        for (byte b : ids) {
            seen[b & 0xFF] = true;
        }
        int n = 0;
        for (boolean s : seen) {
            n += s ? 1 : 0;
        }
        int[] out = new int[n];
        for (int i = 0, k = 0; i < 256; i++) {
            if (seen[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** Pixels whose id is not {@link #IGNORE}. */
    public long labeledCount() {
        long n = 0;
        for (byte b : ids) {
            n += (b & 0xFF) == IGNORE ? 0 : 1;
        }
        return n;
    }

    /** This map with every unlabeled pixel taken from {@code fill} (same size); labeled pixels are kept. */
    public LabelMap withUnlabeledFrom(LabelMap fill) {
        if (fill.width != width || fill.height != height) {
            throw new IllegalArgumentException("fill is " + fill.width + "x" + fill.height + ", labels " + width + "x"
                    + height);
        }
        byte[] out = ids.clone();
        for (int i = 0; i < out.length; i++) {
            if ((out[i] & 0xFF) == IGNORE) {
                out[i] = fill.ids[i];
            }
        }
        return new LabelMap(width, height, out);
    }
}
