package org.gss.maskige;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The GSS-FF palette β built under the paper's "maximal distance assumption" (appendix B, "Maskige optimization
 * designs"): spread the K class colours as widely as possible over the RGB cube. Deterministic for (K, seed, design).
 *
 * <p>How each of the appendix's four steps is implemented, and what had to be interpreted:
 * <ol>
 * <li><b>(i) Arithmetic sequence on R/G/B channels</b> — "a_i^m = a_1^m + (i−1)·k^m, k^m ∈ N+ ... the interval ...
 * can be different between channels ... The set of colors is the Cartesian product of these three series" (eqs.
 * 16–18). Interpretation: the paper leaves the number of terms n_m and the interval k^m to the reader. We pick, among
 * all (n_r, n_g, n_b) with n_r·n_g·n_b ≥ K, the one whose smallest interval is largest, where each interval is as large
 * as the channel allows: k^m = ⌊(255 − T − a_1^m)/(n_m − 1)⌋, so that the last term plus the largest additive factor
 * still fits in 255 (ties: fewest surplus cells, then the largest sum of intervals). K = 150 gives 6×5×5 = 150 cells
 * with intervals 48/59/59, K = 19 gives 3×3×3 with 120/119/119. The product's cells are listed r-major (r outer, b
 * inner), as in the reference's ADE20K and MSeg palettes, and class k takes the k-th kept cell.</li>
 * <li><b>(ii) Misalignment start points</b> — "we let R/G/B have different starting points ... In practice, we simply
 * set to a_1^r = 0, a_1^g = 1, a_1^b = 2" (eq. 19). Implemented literally; without it every start is 0.</li>
 * <li><b>(iii) Random additive factors</b> — "Adding three independent random factors t ∈ [0, T] on the R/G/B
 * arithmetic sequence respectively ... a_i^m = a_1^m + (i−1)·k^m + t_i^m ... T is set to 15" (eq. 20). Interpretation:
 * one independent integer t, uniform on 0..T, per class and per channel (eq. 20 indexes t by i and m), drawn from
 * {@link SplittableRandom}(seed) in class order r, g, b.</li>
 * <li><b>(iv) Category-specific refinement</b> — "We equip the lower IoU categories with values where the R/G/B values
 * vary at large degrees (e.g., we replace (128,128,128) with (0,128,255)). In addition, we keep the color away from
 * gray as possible, because gray is located in the center of the color space ... Such an category-specific refinement
 * allows each category to be possibly furthest from the others as possible." The paper did this by hand, using
 * per-class IoUs of a trained model, which a palette builder does not have. We automate its two stated aims:
 * <ul>
 * <li>when the Cartesian product has more cells than classes, the surplus cells nearest the grey centre
 * (127.5, 127.5, 127.5) are the ones left out;</li>
 * <li>a greedy max-min repair: each colour's quality is q = min(distance to its nearest other class colour,
 * 2 × distance to the grey centre), i.e. grey counts as an occupied point that a colour must keep half a spacing away
 * from. The worst colour (lowest q, lowest index on ties) is moved to the point of the lattice {0, 15, ..., 255}³
 * (which holds 0 and 255, as in the paper's (0,128,255) example) with the highest q against the other colours, if that
 * raises its q by more than 1; this repeats at most K times. A move never lowers the palette's smallest q, so the
 * colours that are crowded or grey are the ones replaced by colours "where the R/G/B values vary at large degrees".</li>
 * </ul>
 * The repair optimises q, not the pure minimum distance, so for a few K (e.g. 27, a full 3×3×3 grid with one cell at
 * the centre) it trades a little minimum distance for moving the grey colour.</li>
 * </ol>
 *
 * <p>For orientation: the reference's hand-made ADE20K palette (K = 150) is a 5×6×5 grid with start points and
 * additive factors of this kind, plus hand replacements such as (0,0,0), (255,255,255) and (222,222,145).
 */
public final class MaximalDistancePalette {
    /** The paper's T. */
    public static final int PAPER_MAX_ADDITIVE = 15;
    /** Lattice spacing for step (iv)'s replacement colours: divides 255, equals T. */
    static final int REFINE_LATTICE_STEP = 15;
    /** A move must raise the moved colour's quality by more than this (0..255 units), so the repair cannot churn. */
    static final double MIN_GAIN = 1.0;

    private MaximalDistancePalette() {
    }

    /**
     * Which of appendix B's steps to apply; step (i) always is. The presets follow the rows of the paper's Table 9.
     * Without refinement, surplus grid cells are cut from the end (the first K cells in r-major order are kept).
     *
     * @param misalignedStarts step (ii): start points 0/1/2 instead of 0/0/0
     * @param maxAdditive step (iii): T, the largest random additive factor (0 = none)
     * @param refine step (iv): category-specific refinement
     */
    public record Design(boolean misalignedStarts, int maxAdditive, boolean refine) {
        public static final Design ARITHMETIC_SEQUENCE = new Design(false, 0, false);
        public static final Design MISALIGNED_STARTS = new Design(true, 0, false);
        public static final Design RANDOM_ADDITIVE_FACTORS = new Design(true, PAPER_MAX_ADDITIVE, false);
        /** All four steps: the GSS-FF palette. */
        public static final Design PAPER = new Design(true, PAPER_MAX_ADDITIVE, true);

        public Design {
            if (maxAdditive < 0 || maxAdditive > 64) {
                throw new IllegalArgumentException("maxAdditive must be in 0..64: " + maxAdditive);
            }
        }
    }

    /** The GSS-FF palette: all four steps, T = 15. */
    public static Palette create(int numClasses, long seed) {
        return create(numClasses, seed, Design.PAPER);
    }

    public static Palette create(int numClasses, long seed, Design design) {
        if (numClasses < 1 || numClasses > Palette.MAX_CLASSES) {
            throw new IllegalArgumentException("numClasses must be in 1.." + Palette.MAX_CLASSES + ": " + numClasses);
        }
        int[] starts = design.misalignedStarts() ? new int[] {0, 1, 2} : new int[] {0, 0, 0};
        Grid grid = Grid.choose(numClasses, starts, design.maxAdditive());
        List<int[]> cells = grid.cells();
        if (design.refine()) {
            dropCellsNearestGrey(cells, numClasses, design.maxAdditive());
        } else {
            cells = cells.subList(0, numClasses);
        }
        int[][] colours = new int[numClasses][];
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < numClasses; k++) {
            int[] c = cells.get(k).clone();
            for (int m = 0; m < 3; m++) {
                c[m] += design.maxAdditive() == 0 ? 0 : random.nextInt(design.maxAdditive() + 1);
            }
            colours[k] = c;
        }
        int moves = design.refine() ? refine(colours) : 0;
        String source = String.format("maximal-distance(K=%d, seed=%d, levels=%dx%dx%d, intervals=%d/%d/%d, "
                + "starts=%d/%d/%d, T=%d, refined=%s, moves=%d)", numClasses, seed, grid.levels[0], grid.levels[1],
                grid.levels[2], grid.intervals[0], grid.intervals[1], grid.intervals[2], starts[0], starts[1],
                starts[2], design.maxAdditive(), design.refine(), moves);
        return Palette.of(colours, null, source);
    }

    /** Step (i): the per-channel arithmetic sequences and their Cartesian product. */
    record Grid(int[] levels, int[] intervals, int[] starts) {
        static Grid choose(int k, int[] starts, int maxAdditive) {
            Grid best = null;
            for (int nr = 1; nr <= k; nr++) {
                for (int ng = 1; ng <= k; ng++) {
                    int nb = Math.max(1, (k + nr * ng - 1) / (nr * ng));
                    int[] n = {nr, ng, nb};
                    int[] iv = new int[3];
                    boolean feasible = true;
                    for (int m = 0; m < 3; m++) {
                        iv[m] = n[m] == 1 ? 0 : (255 - maxAdditive - starts[m]) / (n[m] - 1);
                        feasible &= n[m] == 1 || iv[m] >= 1;
                    }
                    Grid g = new Grid(n, iv, starts);
                    if (feasible && (best == null || g.better(best))) {
                        best = g;
                    }
                    if (nr * ng >= k) {
                        break; // more g levels only add surplus cells
                    }
                }
            }
            return best;
        }

        /** Smallest interval over channels that have more than one term (a single-term channel has no interval). */
        int minInterval() {
            int min = Integer.MAX_VALUE;
            for (int m = 0; m < 3; m++) {
                if (levels[m] > 1) {
                    min = Math.min(min, intervals[m]);
                }
            }
            return min;
        }

        int cellCount() {
            return levels[0] * levels[1] * levels[2];
        }

        boolean better(Grid o) {
            if (minInterval() != o.minInterval()) {
                return minInterval() > o.minInterval();
            }
            if (cellCount() != o.cellCount()) {
                return cellCount() < o.cellCount();
            }
            return intervals[0] + intervals[1] + intervals[2] > o.intervals[0] + o.intervals[1] + o.intervals[2];
        }

        /** The Cartesian product, r-major; cell values are a_1 + (i−1)·k before the additive factors. */
        List<int[]> cells() {
            List<int[]> out = new ArrayList<>(cellCount());
            for (int i = 0; i < levels[0]; i++) {
                for (int j = 0; j < levels[1]; j++) {
                    for (int l = 0; l < levels[2]; l++) {
                        out.add(new int[] {starts[0] + i * intervals[0], starts[1] + j * intervals[1],
                            starts[2] + l * intervals[2]});
                    }
                }
            }
            return out;
        }
    }

    /** Step (iv), first part: keeps the K cells farthest from grey (measured at the mean additive factor). */
    private static void dropCellsNearestGrey(List<int[]> cells, int keep, int maxAdditive) {
        int surplus = cells.size() - keep;
        if (surplus <= 0) {
            return;
        }
        double mid = maxAdditive / 2.0;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> greyDistance(cells.get(i), mid)).thenComparing(i -> i));
        boolean[] drop = new boolean[cells.size()];
        for (int i = 0; i < surplus; i++) {
            drop[order.get(i)] = true;
        }
        List<int[]> kept = new ArrayList<>(keep);
        for (int i = 0; i < cells.size(); i++) {
            if (!drop[i]) {
                kept.add(cells.get(i));
            }
        }
        cells.clear();
        cells.addAll(kept);
    }

    private static double greyDistance(int[] cell, double offset) {
        double s = 0;
        for (int m = 0; m < 3; m++) {
            double d = cell[m] + offset - ColourSpace.GREY;
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** Step (iv), second part: the greedy max-min repair described in the class comment. Returns the moves made. */
    static int refine(int[][] colours) {
        RepairSearch search = new RepairSearch(colours, ColourSpace.lattice(REFINE_LATTICE_STEP));
        int moves = 0;
        for (int round = 0; round < colours.length; round++) {
            int worst = -1;
            double worstQ = Double.POSITIVE_INFINITY;
            for (int i = 0; i < colours.length; i++) {
                double q = quality(colours[i], colours, i);
                if (q < worstQ) {
                    worstQ = q;
                    worst = i;
                }
            }
            int candidate = search.best(worst, worstQ + MIN_GAIN);
            if (candidate < 0) {
                break;
            }
            search.move(worst, candidate);
            moves++;
        }
        return moves;
    }

    /**
     * The candidate lattice with, per point, its nearest palette colour, kept up to date across moves so that scoring
     * all candidates costs O(lattice) per move instead of O(lattice × K).
     */
    private static final class RepairSearch {
        private final int[][] colours;
        private final int[][] lattice;
        private final double[] greyQ2;
        private final double[] nearestD2;
        private final int[] nearest;

        RepairSearch(int[][] colours, int[][] lattice) {
            this.colours = colours;
            this.lattice = lattice;
            greyQ2 = new double[lattice.length];
            nearestD2 = new double[lattice.length];
            nearest = new int[lattice.length];
            for (int p = 0; p < lattice.length; p++) {
                double g = 2 * ColourSpace.distanceToGrey(lattice[p]);
                greyQ2[p] = g * g;
                recompute(p);
            }
        }

        /** The lattice point with the highest q against all colours but {@code moving}, if above minQ; else −1. */
        int best(int moving, double minQ) {
            int best = -1;
            double bestQ2 = minQ * minQ;
            for (int p = 0; p < lattice.length; p++) {
                double d2 = nearest[p] == moving ? nearestExcluding(p, moving) : nearestD2[p];
                double q2 = Math.min(d2, greyQ2[p]);
                if (q2 > bestQ2) {
                    bestQ2 = q2;
                    best = p;
                }
            }
            return best;
        }

        void move(int i, int p) {
            colours[i] = lattice[p].clone();
            for (int l = 0; l < lattice.length; l++) {
                if (nearest[l] == i) {
                    recompute(l);
                } else {
                    double d2 = ColourSpace.squaredDistance(lattice[l], colours[i]);
                    if (d2 < nearestD2[l] || (d2 == nearestD2[l] && i < nearest[l])) {
                        nearestD2[l] = d2;
                        nearest[l] = i;
                    }
                }
            }
        }

        private void recompute(int p) {
            nearestD2[p] = Double.POSITIVE_INFINITY;
            nearest[p] = -1;
            for (int j = 0; j < colours.length; j++) {
                double d2 = ColourSpace.squaredDistance(lattice[p], colours[j]);
                if (d2 < nearestD2[p]) {
                    nearestD2[p] = d2;
                    nearest[p] = j;
                }
            }
        }

        private double nearestExcluding(int p, int skip) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < colours.length; j++) {
                if (j != skip) {
                    best = Math.min(best, ColourSpace.squaredDistance(lattice[p], colours[j]));
                }
            }
            return best;
        }
    }

    /** q = min(distance to the nearest colour other than index {@code self}, 2 × distance to grey). */
    static double quality(int[] c, int[][] colours, int self) {
        double g = 2 * ColourSpace.distanceToGrey(c);
        double q2 = g * g;
        for (int j = 0; j < colours.length; j++) {
            if (j != self) {
                q2 = Math.min(q2, ColourSpace.squaredDistance(c, colours[j]));
            }
        }
        return Math.sqrt(q2);
    }
}
