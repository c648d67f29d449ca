package org.gss.maskige;

/** Geometry of the 8-bit RGB cube shared by the palette builders: distances, the grey centre, search lattices. */
final class ColourSpace {
    /** Centre of the cube. The paper (appendix B (iv)) calls it "gray ... located in the center of the color space". */
    static final double GREY = 127.5;

    private ColourSpace() {
    }

    static double squaredDistance(int[] a, int[] b) {
        double dr = a[0] - b[0];
        double dg = a[1] - b[1];
        double db = a[2] - b[2];
        return dr * dr + dg * dg + db * db;
    }

    static double distance(int[] a, int[] b) {
        return Math.sqrt(squaredDistance(a, b));
    }

    static double distanceToGrey(int[] c) {
        double dr = c[0] - GREY;
        double dg = c[1] - GREY;
        double db = c[2] - GREY;
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    /** Smallest Euclidean distance between two different entries; +infinity for fewer than two colours. */
    static double minPairwiseDistance(int[][] colours) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < colours.length; i++) {
            for (int j = i + 1; j < colours.length; j++) {
                best = Math.min(best, squaredDistance(colours[i], colours[j]));
            }
        }
        return Math.sqrt(best);
    }

    /**
     * All colours whose channels are multiples of {@code step} (255 must be a multiple of step, so that both 0 and 255
     * are on the lattice), in r-major order.
     */
    static int[][] lattice(int step) {
        if (step <= 0 || 255 % step != 0) {
            throw new IllegalArgumentException("lattice step must divide 255: " + step);
        }
        int n = 255 / step + 1;
        int[][] out = new int[n * n * n][];
        int i = 0;
        for (int r = 0; r < n; r++) {
            for (int g = 0; g < n; g++) {
                for (int b = 0; b < n; b++) {
                    out[i++] = new int[] {r * step, g * step, b * step};
                }
            }
        }
        return out;
    }

    /**
     * The point of the step-5 lattice (0, 5, ..., 255 per channel) farthest from every given colour; ties go to the
     * first in r-major order. Used as the default ignore colour so that it stays as distinct as possible from all classes.
     */
    static int[] farthestFrom(int[][] colours) {
        int[] best = {0, 0, 0};
        double bestD = -1;
        int recent = 0; // the colour nearest the previous point: neighbouring points usually share it
        for (int[] p : lattice(5)) {
            if (colours.length > 0 && squaredDistance(p, colours[recent]) <= bestD) {
                continue; // cannot beat the current best
            }
            double d = Double.POSITIVE_INFINITY;
            for (int j = 0; j < colours.length && d > bestD; j++) {
                double dj = squaredDistance(p, colours[j]);
                if (dj < d) {
                    d = dj;
                    recent = j;
                }
            }
            if (d > bestD) {
                bestD = d;
                best = p;
            }
        }
        return best.clone();
    }
}
