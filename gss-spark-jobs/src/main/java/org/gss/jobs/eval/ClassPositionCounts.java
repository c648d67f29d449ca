package org.gss.jobs.eval;

import java.io.Serializable;
import org.gss.data.image.LabelMap;

/**
 * Per-position class counts of training labels, on a grid of G×G cells over relative image coordinates (pixel (x, y)
 * of a W×H map falls in cell (x·G/W, y·G/H)), so maps of any size add up. Ignored pixels (255) are not counted. The
 * image-blind baseline ({@link PositionPrior}) is the per-cell most frequent class. Mergeable across tasks.
 */
public final class ClassPositionCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int grid;
    private final int numClasses;
    private final long[] counts;
    private long images;

    public ClassPositionCounts(int grid, int numClasses) {
        if (grid < 1 || numClasses < 1 || numClasses > LabelMap.IGNORE) {
            throw new IllegalArgumentException("grid must be >= 1 and classes 1..255, got " + grid + ", " + numClasses);
        }
        this.grid = grid;
        this.numClasses = numClasses;
        this.counts = new long[grid * grid * numClasses];
    }

    /** Counts one training label map; an id ≥ K other than 255 throws (the layout mapping should prevent it). */
    public void add(LabelMap labels, String name) {
        int w = labels.width();
        int h = labels.height();
        byte[] ids = labels.ids();
        int[] cellX = new int[w];
        for (int x = 0; x < w; x++) {
            cellX[x] = (int) ((long) x * grid / w);
        }
        for (int y = 0; y < h; y++) {
            int rowBase = (int) ((long) y * grid / h) * grid;
            for (int x = 0; x < w; x++) {
                int id = ids[y * w + x] & 0xFF;
                if (id == LabelMap.IGNORE) {
                    continue;
                }
                if (id >= numClasses) {
                    throw new org.gss.data.image.BadInputException(name, "label id " + id + " at pixel " + (y * w + x)
                            + " is out of range for " + numClasses + " classes");
                }
                counts[(rowBase + cellX[x]) * numClasses + id]++;
            }
        }
        images++;
    }

    public ClassPositionCounts merge(ClassPositionCounts other) {
        if (other.grid != grid || other.numClasses != numClasses) {
            throw new IllegalArgumentException("cannot merge position counts of different shapes");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        images += other.images;
        return this;
    }

    public long images() {
        return images;
    }

    public int grid() {
        return grid;
    }

    public long count(int cellX, int cellY, int classId) {
        return counts[(cellY * grid + cellX) * numClasses + classId];
    }

    /**
     * The per-cell most frequent class (ties: the lower id); a cell no labeled pixel fell in gets the most frequent
     * class overall. Null if nothing was counted at all.
     */
    public PositionPrior prior() {
        long[] total = new long[numClasses];
        for (int i = 0; i < counts.length; i++) {
            total[i % numClasses] += counts[i];
        }
        int global = argmax(total, 0);
        if (total[global] == 0) {
            return null;
        }
        byte[] cells = new byte[grid * grid];
        for (int c = 0; c < cells.length; c++) {
            int best = argmax(counts, c * numClasses);
            cells[c] = (byte) (counts[c * numClasses + best] == 0 ? global : best);
        }
        return new PositionPrior(grid, cells, images);
    }

    private int argmax(long[] a, int offset) {
        int best = 0;
        for (int k = 1; k < numClasses; k++) {
            if (a[offset + k] > a[offset + best]) {
                best = k;
            }
        }
        return best;
    }
}
