package org.gss.report;

import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;

/** Downscaling for report panels: box-filtered images, nearest-neighbour labels (ids must never be blended). */
public final class Thumbnails {
    private Thumbnails() {
    }

    /** The size that fits {@code maxWidth} keeping the aspect ratio (never upscales): {width, height}. */
    public static int[] fit(int width, int height, int maxWidth) {
        if (width <= maxWidth) {
            return new int[] {width, height};
        }
        return new int[] {maxWidth, Math.max(1, (int) Math.round((double) height * maxWidth / width))};
    }

    /** Nearest neighbour, sampling each target pixel's centre. */
    public static LabelMap labels(LabelMap in, int w, int h) {
        if (w == in.width() && h == in.height()) {
            return in;
        }
        byte[] src = in.ids();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(in.height() - 1, (int) ((y + 0.5) * in.height() / h));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(in.width() - 1, (int) ((x + 0.5) * in.width() / w));
                out[y * w + x] = src[sy * in.width() + sx];
            }
        }
        return new LabelMap(w, h, out);
    }

    /** Average of the source pixels each target pixel covers (a box filter; exact for integer factors). */
    public static RgbImage image(RgbImage in, int w, int h) {
        if (w == in.width() && h == in.height()) {
            return in;
        }
        byte[] src = in.rgb();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int y0 = (int) ((long) y * in.height() / h);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * in.height() / h));
            for (int x = 0; x < w; x++) {
                int x0 = (int) ((long) x * in.width() / w);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * in.width() / w));
                long r = 0;
                long g = 0;
                long b = 0;
                for (int sy = y0; sy < y1; sy++) {
                    for (int sx = x0; sx < x1; sx++) {
                        int o = (sy * in.width() + sx) * 3;
                        r += src[o] & 0xFF;
                        g += src[o + 1] & 0xFF;
                        b += src[o + 2] & 0xFF;
                    }
                }
                long n = (long) (y1 - y0) * (x1 - x0);
                int o = (y * w + x) * 3;
                out[o] = (byte) ((r + n / 2) / n);
                out[o + 1] = (byte) ((g + n / 2) / n);
                out[o + 2] = (byte) ((b + n / 2) / n);
            }
        }
        return new RgbImage(w, h, out);
    }
}
