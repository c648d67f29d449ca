package org.gss.data.augment;

import java.util.SplittableRandom;
import org.gss.data.image.RgbImage;

/**
 * mmseg's {@code PhotometricDistortion}: random brightness (±32), contrast (×0.5–1.5) before or after the colour
 * changes (random order), saturation (×0.5–1.5) and hue (±18 on OpenCV's 0–180 scale), each applied with probability
 * 1/2, values clipped to 0–255. Works in HSV for saturation and hue like mmcv.
 */
public final class PhotometricDistortion {
    private PhotometricDistortion() {
    }

    public static RgbImage apply(RgbImage img, SplittableRandom rnd) {
        int n = img.width() * img.height();
        float[] px = new float[n * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = img.rgb()[i] & 0xFF;
        }
        if (rnd.nextBoolean()) {
            float delta = (float) (rnd.nextDouble() * 64 - 32);
            for (int i = 0; i < px.length; i++) {
                px[i] = clip(px[i] + delta);
            }
        }
        boolean contrastFirst = rnd.nextBoolean();
        if (contrastFirst) {
            contrast(px, rnd);
        }
        boolean doSat = rnd.nextBoolean();
        float sat = (float) (0.5 + rnd.nextDouble());
        boolean doHue = rnd.nextBoolean();
        float hue = (float) (rnd.nextInt(37) - 18) * 2f; // OpenCV hue units are 2 degrees
        if (doSat || doHue) {
            float[] hsv = new float[3];
            for (int i = 0; i < n; i++) {
                rgbToHsv(px[i * 3], px[i * 3 + 1], px[i * 3 + 2], hsv);
                if (doSat) {
                    hsv[1] = Math.min(1f, hsv[1] * sat);
                }
                if (doHue) {
                    hsv[0] = ((hsv[0] + hue) % 360 + 360) % 360;
                }
                hsvToRgb(hsv, px, i * 3);
            }
        }
        if (!contrastFirst) {
            contrast(px, rnd);
        }
        byte[] out = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = (byte) Math.round(clip(px[i]));
        }
        return new RgbImage(img.width(), img.height(), out);
    }

    private static void contrast(float[] px, SplittableRandom rnd) {
        if (rnd.nextBoolean()) {
            float alpha = (float) (0.5 + rnd.nextDouble());
            for (int i = 0; i < px.length; i++) {
                px[i] = clip(px[i] * alpha);
            }
        }
    }

    private static float clip(float v) {
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }

    static void rgbToHsv(float r, float g, float b, float[] hsv) {
        float max = Math.max(r, Math.max(g, b));
        float min = Math.min(r, Math.min(g, b));
        float d = max - min;
        float h;
        if (d == 0) {
            h = 0;
        } else if (max == r) {
            h = 60 * (((g - b) / d) % 6);
        } else if (max == g) {
            h = 60 * ((b - r) / d + 2);
        } else {
            h = 60 * ((r - g) / d + 4);
        }
        hsv[0] = h < 0 ? h + 360 : h;
        hsv[1] = max == 0 ? 0 : d / max;
        hsv[2] = max;
    }

    static void hsvToRgb(float[] hsv, float[] out, int o) {
        float c = hsv[2] * hsv[1];
        float hp = hsv[0] / 60f;
        float x = c * (1 - Math.abs(hp % 2 - 1));
        float r;
        float g;
        float b;
        switch ((int) hp) {
            case 0 -> { r = c; g = x; b = 0; }
            case 1 -> { r = x; g = c; b = 0; }
            case 2 -> { r = 0; g = c; b = x; }
            case 3 -> { r = 0; g = x; b = c; }
            case 4 -> { r = x; g = 0; b = c; }
            default -> { r = c; g = 0; b = x; }
        }
        float m = hsv[2] - c;
        out[o] = r + m;
        out[o + 1] = g + m;
        out[o + 2] = b + m;
    }
}
