package org.gss.maskige;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;

/**
 * The maskige transform X of the paper: one RGB colour per class (the rows of β ∈ R^{K×3}, 0..255) plus one colour for
 * the ignore id {@link LabelMap#IGNORE}. A label map c becomes the maskige x(c) = cβ.
 *
 * <p>The ignore colour plays the role of the extra last palette row of the reference implementation (GSS appends it
 * and clamps every id above K to it when encoding; it drops it when decoding). Unless given explicitly, it is the
 * point of a step-5 lattice of the RGB cube farthest from all class colours, so ignore regions never look like a class.
 *
 * <p>Factories: {@link MaximalDistancePalette} (GSS-FF), {@link RandomPalette} (GSS-FF-R), {@link FilePalette}
 * ({@code r g b} per line, e.g. a dataset's own colours) and {@link #of(int[][])} for a fixed table.
 * Immutable, serializable (it travels to Spark executors).
 */
public final class Palette implements Serializable {
    private static final long serialVersionUID = 1L;
    /** At most 255 classes: ids are unsigned bytes and 255 is the ignore id. */
    public static final int MAX_CLASSES = 255;

    private final int[][] colours;
    private final int[] ignore;
    private final String source;

    private Palette(int[][] colours, int[] ignore, String source) {
        this.colours = colours;
        this.ignore = ignore;
        this.source = source;
    }

    /** A fixed palette: {@code colours[k]} = (r, g, b) of class k; the ignore colour is computed (farthest point). */
    public static Palette of(int[][] colours) {
        return of(colours, null, "fixed");
    }

    /** A fixed palette with an explicit ignore colour (e.g. the reference's (0,0,0) for Cityscapes). */
    public static Palette of(int[][] colours, int[] ignoreColour) {
        return of(colours, Objects.requireNonNull(ignoreColour, "ignoreColour"), "fixed");
    }

    /**
     * The general factory. {@code ignoreColour} null means "compute it"; {@code source} says where the colours came
     * from (kept for provenance and shown by {@link #toString()}).
     */
    public static Palette of(int[][] colours, int[] ignoreColour, String source) {
        Objects.requireNonNull(colours, "colours");
        if (colours.length < 1 || colours.length > MAX_CLASSES) {
            throw new IllegalArgumentException("a palette needs 1.." + MAX_CLASSES + " classes, got " + colours.length);
        }
        int[][] copy = new int[colours.length][];
        for (int k = 0; k < colours.length; k++) {
            copy[k] = checkedColour(colours[k], "class " + k);
        }
        int[] ign = ignoreColour == null ? ColourSpace.farthestFrom(copy) : checkedColour(ignoreColour, "ignore");
        return new Palette(copy, ign, Objects.requireNonNull(source, "source"));
    }

    private static int[] checkedColour(int[] c, String what) {
        if (c == null || c.length != 3) {
            throw new IllegalArgumentException("colour of " + what + " must have 3 channels: " + Arrays.toString(c));
        }
        for (int v : c) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("colour of " + what + " is outside 0..255: " + Arrays.toString(c));
            }
        }
        return c.clone();
    }

    /** K, the number of classes (the ignore colour not counted). */
    public int numClasses() {
        return colours.length;
    }

    /** (r, g, b) of a class id 0..K-1, or the ignore colour for 255. */
    public int[] colour(int classId) {
        return row(classId).clone();
    }

    /** Channel c (0 = r, 1 = g, 2 = b) of a class id 0..K-1 or 255. */
    public int channel(int classId, int c) {
        return row(classId)[c];
    }

    public int[] ignoreColour() {
        return ignore.clone();
    }

    /** A copy of β: K rows of (r, g, b). */
    public int[][] colours() {
        int[][] out = new int[colours.length][];
        for (int k = 0; k < colours.length; k++) {
            out[k] = colours[k].clone();
        }
        return out;
    }

    /** How the colours were made, e.g. {@code maximal-distance(K=150, seed=0, ...)} or the file they were read from. */
    public String source() {
        return source;
    }

    /** Smallest Euclidean distance between two class colours (0..255 RGB); the ignore colour is not counted. */
    public double minPairwiseDistance() {
        return ColourSpace.minPairwiseDistance(colours);
    }

    /** Smallest Euclidean distance between the ignore colour and a class colour. */
    public double ignoreDistance() {
        double best = Double.POSITIVE_INFINITY;
        for (int[] c : colours) {
            best = Math.min(best, ColourSpace.distance(c, ignore));
        }
        return best;
    }

    /** The 8-bit maskige x(c) of a label map. Ids above K-1 other than 255 are an error that names the id and pixel. */
    public RgbImage toMaskige(LabelMap labels) {
        int n = labels.size();
        byte[] rgb = new byte[n * 3];
        for (int i = 0; i < n; i++) {
            int[] c = rowAt(labels, i);
            rgb[3 * i] = (byte) c[0];
            rgb[3 * i + 1] = (byte) c[1];
            rgb[3 * i + 2] = (byte) c[2];
        }
        return new RgbImage(labels.width(), labels.height(), rgb);
    }

    /**
     * The maskige as the tokenizer's input: float32 NCHW with N = 1, i.e. planes r, g, b of H×W each, value/255f
     * (bit-identical to the reference's {@code palette[label] / 255.0} in float32). map_pixels is not applied here.
     */
    public float[] toMaskigeNchw(LabelMap labels) {
        float[] out = new float[3 * labels.size()];
        writeMaskigeChw(labels, out, 0);
        return out;
    }

    /** A batch of equally sized label maps as one float32 NCHW array [N, 3, H, W], value/255f. */
    public float[] toMaskigeNchw(List<LabelMap> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        LabelMap first = batch.get(0);
        int plane = 3 * first.size();
        float[] out = new float[plane * batch.size()];
        for (int b = 0; b < batch.size(); b++) {
            LabelMap m = batch.get(b);
            if (m.width() != first.width() || m.height() != first.height()) {
                throw new IllegalArgumentException("batch item " + b + " is " + m.width() + "x" + m.height()
                        + ", expected " + first.width() + "x" + first.height());
            }
            writeMaskigeChw(m, out, b * plane);
        }
        return out;
    }

    /** Writes one maskige as three H×W float planes (value/255f) into {@code dst} starting at {@code offset}. */
    public void writeMaskigeChw(LabelMap labels, float[] dst, int offset) {
        int n = labels.size();
        if (offset < 0 || offset + 3L * n > dst.length) {
            throw new IllegalArgumentException("destination too small: need " + 3L * n + " floats at offset " + offset
                    + ", array has " + dst.length);
        }
        for (int i = 0; i < n; i++) {
            int[] c = rowAt(labels, i);
            dst[offset + i] = c[0] / 255f;
            dst[offset + n + i] = c[1] / 255f;
            dst[offset + 2 * n + i] = c[2] / 255f;
        }
    }

    private int[] rowAt(LabelMap labels, int i) {
        int id = labels.at(i);
        if (id == LabelMap.IGNORE) {
            return ignore;
        }
        if (id >= colours.length) {
            throw new IllegalArgumentException("label id " + id + " at pixel (" + i % labels.width() + ","
                    + i / labels.width() + ") is not a class of this " + colours.length + "-class palette (0.."
                    + (colours.length - 1) + ") nor the ignore id 255");
        }
        return colours[id];
    }

    private int[] row(int classId) {
        if (classId == LabelMap.IGNORE) {
            return ignore;
        }
        if (classId < 0 || classId >= colours.length) {
            throw new IllegalArgumentException("class id " + classId + " is not in 0.." + (colours.length - 1)
                    + " nor the ignore id 255");
        }
        return colours[classId];
    }

    /** Same class colours and ignore colour (the source text is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Palette p && Arrays.deepEquals(colours, p.colours) && Arrays.equals(ignore, p.ignore);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(colours) + Arrays.hashCode(ignore);
    }

    @Override
    public String toString() {
        return "Palette[" + source + ", K=" + colours.length + ", ignore=" + Arrays.toString(ignore)
                + String.format(", minDistance=%.1f]", minPairwiseDistance());
    }
}
