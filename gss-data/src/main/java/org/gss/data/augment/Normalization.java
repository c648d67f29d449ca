package org.gss.data.augment;

import org.gss.data.image.RgbImage;

/** ImageNet mean/std normalisation to planar float CHW (mmseg's img_norm_cfg, to_rgb=True). */
public final class Normalization {
    public static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    public static final float[] STD = {58.395f, 57.12f, 57.375f};

    private Normalization() {
    }

    /** Writes {@code 3 × h × w} floats at {@code offset} of {@code out}. */
    public static void toChw(RgbImage img, float[] out, int offset) {
        int n = img.width() * img.height();
        byte[] px = img.rgb();
        for (int c = 0; c < 3; c++) {
            float mean = MEAN[c];
            float inv = 1f / STD[c];
            int base = offset + c * n;
            for (int i = 0; i < n; i++) {
                out[base + i] = ((px[i * 3 + c] & 0xFF) - mean) * inv;
            }
        }
    }
}
