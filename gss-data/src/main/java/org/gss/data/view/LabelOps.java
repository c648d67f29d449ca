package org.gss.data.view;

import org.gss.data.image.LabelMap;

/** Geometric operations on label maps, exact on ids (nearest neighbour, as mmseg resizes segmentation maps). */
public final class LabelOps {
    private LabelOps() {
    }

    /** Nearest-neighbour resize with pixel centres aligned (source index floor((x + 0.5) · sw / dw)). */
    public static LabelMap resizeNearest(LabelMap src, int w, int h) {
        if (w == src.width() && h == src.height()) {
            return src;
        }
        int[] xs = nearestIndex(src.width(), w);
        int[] ys = nearestIndex(src.height(), h);
        byte[] out = new byte[w * h];
        byte[] in = src.ids();
        for (int y = 0; y < h; y++) {
            int row = ys[y] * src.width();
            for (int x = 0; x < w; x++) {
                out[y * w + x] = in[row + xs[x]];
            }
        }
        return new LabelMap(w, h, out);
    }

    static int[] nearestIndex(int srcLen, int dstLen) {
        int[] idx = new int[dstLen];
        double scale = (double) srcLen / dstLen;
        for (int i = 0; i < dstLen; i++) {
            idx[i] = Math.min(srcLen - 1, (int) Math.floor((i + 0.5) * scale));
        }
        return idx;
    }

    public static LabelMap flipHorizontal(LabelMap src) {
        int w = src.width();
        byte[] in = src.ids();
        byte[] out = new byte[in.length];
        for (int y = 0; y < src.height(); y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = in[y * w + (w - 1 - x)];
            }
        }
        return new LabelMap(w, src.height(), out);
    }

    /** Pads at the right and bottom with {@code fill} up to {@code w × h}. */
    public static LabelMap pad(LabelMap src, int w, int h, int fill) {
        if (w == src.width() && h == src.height()) {
            return src;
        }
        if (w < src.width() || h < src.height()) {
            throw new IllegalArgumentException("pad target " + w + "x" + h + " is smaller than " + src.width() + "x"
                    + src.height());
        }
        byte[] out = new byte[w * h];
        java.util.Arrays.fill(out, (byte) fill);
        for (int y = 0; y < src.height(); y++) {
            System.arraycopy(src.ids(), y * src.width(), out, y * w, src.width());
        }
        return new LabelMap(w, h, out);
    }

    /** Crop of {@code w × h} at ({@code x0}, {@code y0}). */
    public static LabelMap crop(LabelMap src, int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || x0 + w > src.width() || y0 + h > src.height()) {
            throw new IllegalArgumentException("crop " + w + "x" + h + "+" + x0 + "+" + y0 + " outside " + src.width()
                    + "x" + src.height());
        }
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(src.ids(), (y0 + y) * src.width() + x0, out, y * w, w);
        }
        return new LabelMap(w, h, out);
    }

    /** The label map of a view: resize (nearest), flip, pad to the token grid with 255. */
    public static LabelMap view(LabelMap src, ViewGeometry g, AugmentationView v) {
        int[] r = g.resized(src.width(), src.height(), v);
        int[] p = g.padded(src.width(), src.height(), v);
        LabelMap m = resizeNearest(src, r[0], r[1]);
        if (v.flip()) {
            m = flipHorizontal(m);
        }
        return pad(m, p[0], p[1], LabelMap.IGNORE);
    }
}
