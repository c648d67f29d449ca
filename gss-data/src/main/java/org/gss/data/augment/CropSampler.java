package org.gss.data.augment;

import java.util.SplittableRandom;
import org.gss.data.image.LabelMap;

/**
 * mmseg's {@code RandomCrop(crop_size, cat_max_ratio)}, with crop origins on the token grid so that a crop of a cached
 * token map is the crop's token map: up to 10 tries for a crop in which no single class covers more than
 * {@code catMaxRatio} of the labeled pixels (and at least two classes are present); otherwise the last try.
 */
public final class CropSampler {
    private final int cropW;
    private final int cropH;
    private final int grid;
    private final double catMaxRatio;

    public CropSampler(int cropW, int cropH, int grid, double catMaxRatio) {
        if (cropW % grid != 0 || cropH % grid != 0) {
            throw new IllegalArgumentException("crop " + cropW + "x" + cropH + " is not a multiple of the grid " + grid);
        }
        this.cropW = cropW;
        this.cropH = cropH;
        this.grid = grid;
        this.catMaxRatio = catMaxRatio;
    }

    /** {x0, y0, w, h} of the crop within a padded view of {@code labels}' size (smaller views are cropped whole). */
    public int[] sample(LabelMap labels, SplittableRandom rnd) {
        int w = Math.min(cropW, labels.width());
        int h = Math.min(cropH, labels.height());
        int[] best = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            int x0 = grid * rnd.nextInt((labels.width() - w) / grid + 1);
            int y0 = grid * rnd.nextInt((labels.height() - h) / grid + 1);
            best = new int[] {x0, y0, w, h};
            if (catMaxRatio >= 1 || acceptable(labels, best)) {
                break;
            }
        }
        return best;
    }

    private boolean acceptable(LabelMap labels, int[] c) {
        long[] counts = new long[256];
        for (int y = c[1]; y < c[1] + c[3]; y++) {
            for (int x = c[0]; x < c[0] + c[2]; x++) {
                counts[labels.get(x, y)]++;
            }
        }
        long total = 0;
        long max = 0;
        int present = 0;
        for (int i = 0; i < 255; i++) {
            total += counts[i];
            max = Math.max(max, counts[i]);
            present += counts[i] > 0 ? 1 : 0;
        }
        return present > 1 && max < catMaxRatio * total;
    }
}
