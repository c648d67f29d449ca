package org.gss.data.synth;

import java.util.function.IntConsumer;

/**
 * Rasterises the shapes a synthetic scene is made of and hands each covered pixel's row-major index to a consumer
 * (which paints a class, or marks a pixel unlabeled). Shapes are clipped to the image; sub-pixel geometry is tested at
 * pixel centres, so edges follow the shape rather than any grid.
 */
final class Shapes {
    private final int width;
    private final int height;

    Shapes(int width, int height) {
        this.width = width;
        this.height = height;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    void rect(double x0, double y0, double x1, double y1, IntConsumer paint) {
        // pixel x is covered when its centre x+0.5 lies in [x0, x1)
        int xa = (int) Math.max(0, Math.ceil(x0 - 0.5));
        int xb = (int) Math.min(width - 1, Math.ceil(x1 - 0.5) - 1);
        int ya = (int) Math.max(0, Math.ceil(y0 - 0.5));
        int yb = (int) Math.min(height - 1, Math.ceil(y1 - 0.5) - 1);
        for (int y = ya; y <= yb; y++) {
            for (int x = xa; x <= xb; x++) {
                paint.accept(y * width + x);
            }
        }
    }

    /** Column x from yTop (inclusive) down to yBottom (exclusive), in pixel-centre coordinates. */
    void column(int x, double yTop, double yBottom, IntConsumer paint) {
        if (x < 0 || x >= width) {
            return;
        }
        int ya = (int) Math.max(0, Math.ceil(yTop - 0.5));
        int yb = (int) Math.min(height - 1, Math.ceil(yBottom - 0.5) - 1);
        for (int y = ya; y <= yb; y++) {
            paint.accept(y * width + x);
        }
    }

    /** Ellipse with radii (rx, ry) rotated by {@code angle} radians. */
    void ellipse(double cx, double cy, double rx, double ry, double angle, IntConsumer paint) {
        double cos = StrictMath.cos(angle);
        double sin = StrictMath.sin(angle);
        double reach = Math.max(rx, ry);
        forBox(cx - reach, cy - reach, cx + reach, cy + reach, (x, y) -> {
            double dx = x + 0.5 - cx;
            double dy = y + 0.5 - cy;
            double u = (dx * cos + dy * sin) / rx;
            double v = (-dx * sin + dy * cos) / ry;
            return u * u + v * v <= 1;
        }, paint);
    }

    /**
     * Irregular blob: radius r(θ) = r·(1 + Σ amps[j]·sin((j+2)θ + phases[j])), a star-shaped outline like a tree crown
     * or a puddle.
     */
    void blob(double cx, double cy, double r, double[] amps, double[] phases, IntConsumer paint) {
        double sumAmps = 0;
        for (double a : amps) {
            sumAmps += Math.abs(a);
        }
        double reach = r * (1 + sumAmps);
        forBox(cx - reach, cy - reach, cx + reach, cy + reach, (x, y) -> {
            double dx = x + 0.5 - cx;
            double dy = y + 0.5 - cy;
            double d2 = dx * dx + dy * dy;
            if (d2 > reach * reach) {
                return false;
            }
            double theta = StrictMath.atan2(dy, dx);
            double rr = 1;
            for (int j = 0; j < amps.length; j++) {
                rr += amps[j] * StrictMath.sin((j + 2) * theta + phases[j]);
            }
            rr *= r;
            return d2 <= rr * rr;
        }, paint);
    }

    /** Segment (x0,y0)–(x1,y1) drawn {@code thickness} pixels wide (poles, wires, thin edges). */
    void line(double x0, double y0, double x1, double y1, double thickness, IntConsumer paint) {
        double half = thickness / 2;
        double lx = x1 - x0;
        double ly = y1 - y0;
        double len2 = lx * lx + ly * ly;
        forBox(Math.min(x0, x1) - half, Math.min(y0, y1) - half, Math.max(x0, x1) + half, Math.max(y0, y1) + half,
                (x, y) -> {
                    double px = x + 0.5 - x0;
                    double py = y + 0.5 - y0;
                    double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, (px * lx + py * ly) / len2));
                    double dx = px - t * lx;
                    double dy = py - t * ly;
                    return dx * dx + dy * dy <= half * half;
                }, paint);
    }

    private interface Inside {
        boolean test(int x, int y);
    }

    private void forBox(double x0, double y0, double x1, double y1, Inside inside, IntConsumer paint) {
        int xa = clampX(Math.floor(x0));
        int xb = clampX(Math.ceil(x1));
        int ya = clampY(Math.floor(y0));
        int yb = clampY(Math.ceil(y1));
        if (x1 < 0 || y1 < 0 || x0 >= width || y0 >= height) {
            return;
        }
        for (int y = ya; y <= yb; y++) {
            for (int x = xa; x <= xb; x++) {
                if (inside.test(x, y)) {
                    paint.accept(y * width + x);
                }
            }
        }
    }

    private int clampX(double v) {
        return (int) Math.max(0, Math.min(width - 1, v));
    }

    private int clampY(double v) {
        return (int) Math.max(0, Math.min(height - 1, v));
    }
}
