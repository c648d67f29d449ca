package org.gss.data.synth;

import java.util.SplittableRandom;

/**
 * How one class looks before lighting and domain style: a base colour and a texture (stripes of a class-specific
 * period and orientation, a checker, or smooth noise of a class-specific scale). Depends on the class id only, so
 * that a class looks the same in every split, seed and domain, which is what makes the images learnable.
 */
record ClassAppearance(int red, int green, int blue, Texture texture, double period, double dirX, double dirY,
        double amplitude, long noiseSeed) {

    enum Texture { STRIPES, CHECKER, NOISE }

    private static final double[] SATURATION = {0.75, 0.45, 0.95};
    private static final double[] VALUE = {0.85, 0.62, 0.42};

    static ClassAppearance forClass(int classId) {
        // golden-ratio hue steps spread any number of classes around the colour wheel; saturation and value cycle
        // with different periods so that classes of similar hue still differ in brightness
        double hue = frac(classId * 0.6180339887498949 + 0.07);
        double sat = SATURATION[classId % 3];
        double val = VALUE[(classId / 3 + classId) % 3];
        int[] rgb = hsvToRgb(hue, sat, val);
        SplittableRandom r = new SplittableRandom(Seeds.derive(0xC1A55L, classId));
        Texture t = Texture.values()[classId % 3];
        double period = 3 + r.nextInt(14);
        double angle = r.nextDouble() * Math.PI;
        double amplitude = 8 + r.nextInt(12);
        return new ClassAppearance(rgb[0], rgb[1], rgb[2], t, period, StrictMath.cos(angle), StrictMath.sin(angle),
                amplitude, r.nextLong());
    }

    /** Texture value in [-1, 1] at (x, y); {@code scale} stretches the pattern (domain style). */
    double textureAt(double x, double y, double scale) {
        double p = period * scale;
        return switch (texture) {
            case STRIPES -> {
                double u = x * dirX + y * dirY;
                yield StrictMath.sin(2 * Math.PI * u / p);
            }
            case CHECKER -> (((long) Math.floor(x / p) + (long) Math.floor(y / p)) & 1) == 0 ? 1.0 : -1.0;
            case NOISE -> 2 * ValueNoise.at(x, y, p, noiseSeed) - 1;
        };
    }

    int channel(int c) {
        return c == 0 ? red : c == 1 ? green : blue;
    }

    private static double frac(double v) {
        return v - Math.floor(v);
    }

    private static int[] hsvToRgb(double h, double s, double v) {
        double c = v * s;
        double hp = h * 6;
        double x = c * (1 - Math.abs(hp % 2 - 1));
        double r;
        double g;
        double b;
        switch ((int) hp) {
            case 0 -> { r = c; g = x; b = 0; }
            case 1 -> { r = x; g = c; b = 0; }
            case 2 -> { r = 0; g = c; b = x; }
            case 3 -> { r = 0; g = x; b = c; }
            case 4 -> { r = x; g = 0; b = c; }
            default -> { r = c; g = 0; b = x; }
        }
        double m = v - c;
        return new int[] {(int) Math.round((r + m) * 255), (int) Math.round((g + m) * 255), (int) Math.round((b + m) * 255)};
    }
}
