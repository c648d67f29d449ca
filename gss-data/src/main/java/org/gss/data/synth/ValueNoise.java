package org.gss.data.synth;

/**
 * Smooth 2-D lattice noise in [0, 1] (bilinear with smoothstep between hashed lattice values). Pure function of its
 * arguments, so textures and masks do not depend on the order in which pixels are visited.
 */
final class ValueNoise {
    private ValueNoise() {
    }

    /** Noise at (x, y) with lattice spacing {@code cell} pixels. */
    static double at(double x, double y, double cell, long seed) {
        double u = x / cell;
        double v = y / cell;
        double fu = Math.floor(u);
        double fv = Math.floor(v);
        long ix = (long) fu;
        long iy = (long) fv;
        double tu = smooth(u - fu);
        double tv = smooth(v - fv);
        double a = lattice(ix, iy, seed);
        double b = lattice(ix + 1, iy, seed);
        double c = lattice(ix, iy + 1, seed);
        double d = lattice(ix + 1, iy + 1, seed);
        double top = a + (b - a) * tu;
        double bottom = c + (d - c) * tu;
        return top + (bottom - top) * tv;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lattice(long ix, long iy, long seed) {
        long h = Seeds.mix64(seed ^ Seeds.mix64(ix * 0x9E3779B97F4A7C15L ^ iy * 0xC2B2AE3D27D4EB4FL));
        return (h >>> 11) * 0x1.0p-53;
    }
}
