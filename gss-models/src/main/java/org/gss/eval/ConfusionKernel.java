package org.gss.eval;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.gss.data.image.LabelMap;

/**
 * The hot loop of {@link ConfusionMatrix}: one pass over the bytes, no branch on the ids themselves.
 *
 * <p>Every (gt, pred) byte pair is sent to a cell of a small int histogram of (K+2)×(K+2) cells through two 256-entry
 * tables: rows 0..K-1 are real classes, row K collects ignored ground truth (255), row K+1 invalid ground-truth ids;
 * columns 0..K-1 real predictions, column K prediction 255, column K+1 invalid prediction ids. So ignoring and
 * validation cost nothing per pixel: afterwards the invalid row/column are checked once, and only valid cells are
 * folded into the long counts. int cells cannot overflow because one call sees at most {@code Integer.MAX_VALUE}
 * pixels.
 *
 * <p>Two speed-ups matter on real label maps: (1) eight pixels are read as one long from each array, and when all
 * eight gt bytes are equal and all eight pred bytes are equal (large uniform regions, the common case) the cell gets
 * +8 at once; (2) otherwise the eight pixels alternate between two copies of the histogram, so that runs of the same
 * cell do not serialize on one memory location (store-to-load forwarding latency).
 */
final class ConfusionKernel {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int k;
    private final int stride;
    private final int cells;
    private final int[] rowOf = new int[256];
    private final int[] colOf = new int[256];
    /** Two histogram copies back to back; all zero between calls. */
    private final int[] hist;

    ConfusionKernel(int k) {
        this.k = k;
        this.stride = k + 2;
        this.cells = stride * stride;
        this.hist = new int[2 * cells];
        for (int id = 0; id < 256; id++) {
            int row = id < k ? id : id == LabelMap.IGNORE ? k : k + 1;
            int col = id < k ? id : id == LabelMap.IGNORE ? k : k + 1;
            rowOf[id] = row * stride;
            colOf[id] = col;
        }
    }

    /**
     * Adds the first n pixels into counts (K×(K+1) layout of {@link ConfusionMatrix}).
     *
     * @return labeled pixels added, or -1 if an id was out of range (then counts are unchanged)
     */
    long run(byte[] gt, byte[] pred, int n, long[] counts) {
        if (n < 0 || n > gt.length || n > pred.length) {
            throw new IllegalArgumentException("pixel count " + n + " does not fit arrays of " + gt.length + " (gt) and "
                    + pred.length + " (pred) entries");
        }
        final int[] h = hist;
        final int[] rows = rowOf;
        final int[] cols = colOf;
        final int second = cells;
        int i = 0;
        for (; i <= n - 8; i += 8) {
            long g = (long) LONGS.get(gt, i);
            long p = (long) LONGS.get(pred, i);
            // A word equals itself rotated by one byte exactly when its eight bytes are equal.
            if (g == Long.rotateLeft(g, 8) && p == Long.rotateLeft(p, 8)) {
                h[rows[(int) g & 0xFF] + cols[(int) p & 0xFF]] += 8;
            } else {
                h[rows[(int) g & 0xFF] + cols[(int) p & 0xFF]]++;
                h[second + rows[(int) (g >>> 8) & 0xFF] + cols[(int) (p >>> 8) & 0xFF]]++;
                h[rows[(int) (g >>> 16) & 0xFF] + cols[(int) (p >>> 16) & 0xFF]]++;
                h[second + rows[(int) (g >>> 24) & 0xFF] + cols[(int) (p >>> 24) & 0xFF]]++;
                h[rows[(int) (g >>> 32) & 0xFF] + cols[(int) (p >>> 32) & 0xFF]]++;
                h[second + rows[(int) (g >>> 40) & 0xFF] + cols[(int) (p >>> 40) & 0xFF]]++;
                h[rows[(int) (g >>> 48) & 0xFF] + cols[(int) (p >>> 48) & 0xFF]]++;
                h[second + rows[(int) (g >>> 56)] + cols[(int) (p >>> 56)]]++;
            }
        }
        for (; i < n; i++) {
            h[rows[gt[i] & 0xFF] + cols[pred[i] & 0xFF]]++;
        }
        return fold(counts);
    }

    /** Moves the histogram into counts and clears it; -1 (counts untouched) if any invalid id was seen. */
    private long fold(long[] counts) {
        final int[] h = hist;
        boolean invalid = false;
        for (int r = 0; r < stride && !invalid; r++) {
            int c = k + 1;
            invalid = h[r * stride + c] != 0 || h[cells + r * stride + c] != 0;
        }
        for (int c = 0; c < stride && !invalid; c++) {
            int r = k + 1;
            invalid = h[r * stride + c] != 0 || h[cells + r * stride + c] != 0;
        }
        long labeled = 0;
        for (int r = 0; r < stride; r++) {
            for (int c = 0; c < stride; c++) {
                int cell = r * stride + c;
                long v = (long) h[cell] + h[cells + cell];
                h[cell] = 0;
                h[cells + cell] = 0;
                if (!invalid && r < k && c <= k) {
                    counts[r * (k + 1) + c] += v;
                    labeled += v;
                }
            }
        }
        return invalid ? -1 : labeled;
    }

    /** The slow path after {@link #run} returned -1: names the first offending id and where it is. */
    static String describeInvalid(byte[] gt, byte[] pred, int n, int k) {
        for (int i = 0; i < n; i++) {
            int g = gt[i] & 0xFF;
            int p = pred[i] & 0xFF;
            if (g >= k && g != LabelMap.IGNORE) {
                return "ground-truth id " + g + " at pixel " + i + " is out of range for " + k + " classes (0.."
                        + (k - 1) + ", 255 = ignore)";
            }
            if (p >= k && p != LabelMap.IGNORE) {
                return "predicted id " + p + " at pixel " + i + " is out of range for " + k + " classes (0.."
                        + (k - 1) + ", 255 = no prediction)";
            }
        }
        return "no out-of-range id found";
    }
}
