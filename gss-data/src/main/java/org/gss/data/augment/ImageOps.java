package org.gss.data.augment;

import org.gss.data.image.RgbImage;

/** Geometric operations on RGB images matching mmcv/OpenCV conventions (bilinear with half-pixel centres). */
public final class ImageOps {
    private ImageOps() {
    }

    /** Bilinear resize, source coordinate (x + 0.5) · sw / dw − 0.5 clamped to the image (cv2.INTER_LINEAR). */
    public static RgbImage resizeBilinear(RgbImage src, int w, int h) {
        if (w == src.width() && h == src.height()) {
            return src;
        }
        int sw = src.width();
        int sh = src.height();
        int[] x0 = new int[w];
        int[] x1 = new int[w];
        float[] fx = new float[w];
        axis(sw, w, x0, x1, fx);
        int[] y0 = new int[h];
        int[] y1 = new int[h];
        float[] fy = new float[h];
        axis(sh, h, y0, y1, fy);
        byte[] in = src.rgb();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int r0 = y0[y] * sw * 3;
            int r1 = y1[y] * sw * 3;
            float wy = fy[y];
            for (int x = 0; x < w; x++) {
                int a = x0[x] * 3;
                int b = x1[x] * 3;
                float wx = fx[x];
                for (int c = 0; c < 3; c++) {
                    float top = (in[r0 + a + c] & 0xFF) * (1 - wx) + (in[r0 + b + c] & 0xFF) * wx;
                    float bot = (in[r1 + a + c] & 0xFF) * (1 - wx) + (in[r1 + b + c] & 0xFF) * wx;
                    out[(y * w + x) * 3 + c] = (byte) Math.round(top * (1 - wy) + bot * wy);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static void axis(int srcLen, int dstLen, int[] i0, int[] i1, float[] frac) {
        double scale = (double) srcLen / dstLen;
        for (int i = 0; i < dstLen; i++) {
            double s = Math.max(0, (i + 0.5) * scale - 0.5);
            int lo = Math.min((int) Math.floor(s), srcLen - 1);
            i0[i] = lo;
            i1[i] = Math.min(lo + 1, srcLen - 1);
            frac[i] = (float) (s - lo);
        }
    }

    public static RgbImage flipHorizontal(RgbImage src) {
        int w = src.width();
        byte[] in = src.rgb();
        byte[] out = new byte[in.length];
        for (int y = 0; y < src.height(); y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(in, (y * w + (w - 1 - x)) * 3, out, (y * w + x) * 3, 3);
            }
        }
        return new RgbImage(w, src.height(), out);
    }

    /** Pads right and bottom with black (mmseg pads images with 0) up to {@code w × h}. */
    public static RgbImage pad(RgbImage src, int w, int h) {
        if (w == src.width() && h == src.height()) {
            return src;
        }
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < src.height(); y++) {
            System.arraycopy(src.rgb(), y * src.width() * 3, out, y * w * 3, src.width() * 3);
        }
        return new RgbImage(w, h, out);
    }

    public static RgbImage crop(RgbImage src, int x0, int y0, int w, int h) {
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(src.rgb(), ((y0 + y) * src.width() + x0) * 3, out, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }
}
