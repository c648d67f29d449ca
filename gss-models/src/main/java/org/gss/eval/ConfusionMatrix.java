package org.gss.eval;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;

/**
 * Pixel counts of ground truth × prediction over K classes, summed over a whole split (mmseg convention: counts are
 * added over all images, never averaged per image). Mutable and not thread-safe: one per task, then {@link #merge}d.
 *
 * <p>Rules, following mmseg's {@code intersect_and_union}:
 * <ul>
 *   <li>pixels whose ground truth is {@link LabelMap#IGNORE} (255) are dropped, whatever the prediction;</li>
 *   <li>a prediction of 255 on a labeled pixel ("no prediction", e.g. a universal class with no counterpart in the
 *       test taxonomy) is a wrong prediction: it adds to the ground-truth class's area, hence its union, but to no
 *       class's predicted area and to no intersection. It is kept in an extra column, {@link #unpredicted(int)};</li>
 *   <li>any other id ≥ K, in ground truth or prediction (even under an ignored pixel), is an error naming the value
 *       (mmseg silently drops such predictions; here they mean a bug upstream). The matrix is left unchanged.</li>
 * </ul>
 *
 * <p>Storage: {@code long[K × (K+1)]}, row-major, row = ground-truth class, columns 0..K-1 = predicted class, column K
 * = prediction 255. {@link #matrix()} gives the plain K×K part.
 */
public final class ConfusionMatrix implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String NO_NAME = "(no file name given)";

    private final int numClasses;
    private final long[] counts;
    /** Reused scratch of the kernel; not part of the state. */
    private transient ConfusionKernel kernel;

    public ConfusionMatrix(int numClasses) {
        checkClasses(numClasses);
        this.numClasses = numClasses;
        this.counts = new long[rawLength(numClasses)];
    }

    /** A matrix from raw counts in the layout of {@link #rawCounts()} (copied), e.g. read back from a report. */
    public static ConfusionMatrix ofRaw(int numClasses, long[] rawCounts) {
        ConfusionMatrix m = new ConfusionMatrix(numClasses);
        if (rawCounts.length != m.counts.length) {
            throw new IllegalArgumentException("raw counts for " + numClasses + " classes need " + m.counts.length
                    + " entries (K x (K+1)), got " + rawCounts.length);
        }
        for (long c : rawCounts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count " + c + " in raw confusion counts");
            }
        }
        System.arraycopy(rawCounts, 0, m.counts, 0, rawCounts.length);
        return m;
    }

    /** Length of the counts array that {@link #accumulateRaw} fills for k classes: k × (k+1). */
    public static int rawLength(int k) {
        checkClasses(k);
        return k * (k + 1);
    }

    public int numClasses() {
        return numClasses;
    }

    /** Adds one ground-truth / prediction pair; errors say only the offending value (no file name). */
    public void accumulate(LabelMap gt, LabelMap pred) {
        accumulate(gt, pred, null);
    }

    /**
     * Adds one ground-truth / prediction pair. Size mismatch and out-of-range ids throw {@link BadInputException}
     * naming {@code name} (the ground-truth file or sample id).
     */
    public void accumulate(LabelMap gt, LabelMap pred, String name) {
        if (gt.width() != pred.width() || gt.height() != pred.height()) {
            throw new BadInputException(name == null ? NO_NAME : name, "prediction is " + pred.width() + "x"
                    + pred.height() + " but ground truth is " + gt.width() + "x" + gt.height());
        }
        accumulate(gt.ids(), pred.ids(), gt.size(), name);
    }

    /** Adds the first n pixels of two id arrays; out-of-range ids throw {@link IllegalArgumentException}. */
    public void accumulate(byte[] gt, byte[] pred, int n) {
        accumulate(gt, pred, n, null);
    }

    /** As {@link #accumulate(byte[], byte[], int)}, errors as {@link BadInputException} naming {@code name}. */
    public void accumulate(byte[] gt, byte[] pred, int n, String name) {
        if (kernel == null) {
            kernel = new ConfusionKernel(numClasses);
        }
        if (kernel.run(gt, pred, n, counts) < 0) {
            String problem = ConfusionKernel.describeInvalid(gt, pred, n, numClasses);
            throw name == null ? new IllegalArgumentException(problem) : new BadInputException(name, problem);
        }
    }

    /**
     * The bare kernel, for benchmarks and callers that manage their own counts: adds the first n pixels of gt/pred
     * into {@code counts} (length {@link #rawLength(int) rawLength(k)}, layout as {@link #rawCounts()}).
     *
     * @return the number of labeled (non-ignored) pixels added
     * @throws IllegalArgumentException naming the first out-of-range id and its pixel index; counts are then unchanged
     */
    public static long accumulateRaw(byte[] gt, byte[] pred, int n, int k, long[] counts) {
        if (counts.length != rawLength(k)) {
            throw new IllegalArgumentException("counts for " + k + " classes need " + rawLength(k)
                    + " entries (K x (K+1)), got " + counts.length);
        }
        long labeled = new ConfusionKernel(k).run(gt, pred, n, counts);
        if (labeled < 0) {
            throw new IllegalArgumentException(ConfusionKernel.describeInvalid(gt, pred, n, k));
        }
        return labeled;
    }

    /** Adds another matrix's counts into this one (reduction across tasks); returns this. */
    public ConfusionMatrix merge(ConfusionMatrix other) {
        if (other.numClasses != numClasses) {
            throw new IllegalArgumentException("cannot merge a " + other.numClasses + "-class confusion matrix into a "
                    + numClasses + "-class one");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        return this;
    }

    /** Pixels with ground truth {@code gt} predicted as {@code pred} (both 0..K-1). */
    public long count(int gt, int pred) {
        checkId(gt, "ground-truth");
        checkId(pred, "predicted");
        return counts[gt * (numClasses + 1) + pred];
    }

    /** Pixels with ground truth {@code gt} whose prediction was 255 (counted as wrong). */
    public long unpredicted(int gt) {
        checkId(gt, "ground-truth");
        return counts[gt * (numClasses + 1) + numClasses];
    }

    /** Labeled pixels counted so far (ground truth ≠ 255), including those predicted as 255. */
    public long labeledPixels() {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }

    /** The K×K part (row-major gt × pred), a copy; predictions of 255 are in {@link #unpredicted(int)}. */
    public long[] matrix() {
        long[] m = new long[numClasses * numClasses];
        for (int g = 0; g < numClasses; g++) {
            System.arraycopy(counts, g * (numClasses + 1), m, g * numClasses, numClasses);
        }
        return m;
    }

    /** A copy of all counts: K×(K+1) row-major, column K = prediction 255. */
    public long[] rawCounts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && m.numClasses == numClasses && Arrays.equals(m.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * numClasses + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix[" + numClasses + " classes, " + labeledPixels() + " labeled pixels]";
    }

    private void checkId(int id, String what) {
        if (id < 0 || id >= numClasses) {
            throw new IndexOutOfBoundsException(what + " class " + id + " is outside 0.." + (numClasses - 1));
        }
    }

    private static void checkClasses(int k) {
        // 255 is the ignore id, so at most 255 real classes fit in an unsigned byte.
        if (k < 1 || k > LabelMap.IGNORE) {
            throw new IllegalArgumentException("number of classes must be 1..255, got " + k);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (numClasses < 1 || numClasses > LabelMap.IGNORE || counts == null
                || counts.length != numClasses * (numClasses + 1)) {
            throw new InvalidObjectException("corrupt ConfusionMatrix: " + numClasses + " classes, "
                    + (counts == null ? "no" : counts.length) + " counts");
        }
    }
}
