package org.gss.data.synth;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chooses the pixels whose label is set to "unlabeled", as annotators leave them in real data: about half the budget
 * as void blobs (clutter nobody annotated), the rest as one-pixel bands along class boundaries, taken in spatially
 * coherent runs (ranked by a smooth noise field) rather than scattered pixels. The pixel count matches
 * round(share·W·H) up to the rounding of the last blob. The image under these pixels still shows its class.
 */
final class UnlabeledMask {
    private static final int MAX_BLOBS = 64;

    private UnlabeledMask() {
    }

    static boolean[] choose(int[] classes, int width, int height, double share, long seed) {
        int n = width * height;
        boolean[] mask = new boolean[n];
        int target = (int) Math.round(share * n);
        if (target == 0) {
            return mask;
        }
        SplittableRandom r = new SplittableRandom(seed);
        Shapes shapes = new Shapes(width, height);
        int[] count = {0};
        addBlobs(shapes, mask, count, target / 2, target, r);
        addBoundaryBands(classes, width, height, mask, count, target, Seeds.derive(seed, 7));
        // images with few boundaries (e.g. two classes only) make up the rest with blobs
        addBlobs(shapes, mask, count, target, target, r);
        return mask;
    }

    private static void addBlobs(Shapes shapes, boolean[] mask, int[] count, int budget, int target,
            SplittableRandom r) {
        for (int tries = 0; count[0] < budget && tries < MAX_BLOBS; tries++) {
            int remaining = budget - count[0];
            double area = Math.min(remaining, Math.max(12, target / (2.0 + r.nextInt(3))));
            double radius = Math.sqrt(area / Math.PI);
            double[] amps = {0.15 * r.nextDouble(), 0.1 * r.nextDouble()};
            double[] phases = {2 * Math.PI * r.nextDouble(), 2 * Math.PI * r.nextDouble()};
            double cx = shapes.width() * r.nextDouble();
            double cy = shapes.height() * r.nextDouble();
            shapes.blob(cx, cy, radius, amps, phases, i -> {
                if (!mask[i] && count[0] < budget) {
                    mask[i] = true;
                    count[0]++;
                }
            });
        }
    }

    private static void addBoundaryBands(int[] classes, int width, int height, boolean[] mask, int[] count,
            int target, long seed) {
        int need = target - count[0];
        if (need <= 0) {
            return;
        }
        double cell = Math.max(6, Math.min(width, height) / 6.0);
        long[] ranked = new long[width * height];
        int m = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                boolean edge = (x + 1 < width && classes[i + 1] != classes[i])
                        || (y + 1 < height && classes[i + width] != classes[i]);
                if (edge && !mask[i]) {
                    long key = (long) (ValueNoise.at(x, y, cell, seed) * (1L << 30));
                    ranked[m++] = (key << 32) | i;
                }
            }
        }
        Arrays.sort(ranked, 0, m);
        for (int j = 0; j < Math.min(need, m); j++) {
            mask[(int) ranked[j]] = true;
            count[0]++;
        }
    }
}
