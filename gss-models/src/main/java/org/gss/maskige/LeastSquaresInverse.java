package org.gss.maskige;

import java.io.Serializable;
import org.gss.data.image.LabelMap;

/**
 * The paper's closed-form linear inverse: ĉ = x̂ β†, the label being the argmax of the K scores ĉ.
 *
 * <p>What the paper says: §3.3 models X⁻¹ as ĉ = x̂^(c) β† with β† ∈ R^{3×K} and calls it a least-squares problem
 * "with an explicit solution β† = βᵀ(ββᵀ)⁻¹". Appendix A makes it precise: C holds one-hot masks as rows, the bound
 * (12) reduces the problem to min_γ ‖βγ − 𝟙‖² (eq. 13, 𝟙 the K×K identity: βγ should map every class's one-hot row back
 * to itself), whose normal equations (14) give γ = (βᵀβ)⁻¹βᵀ (eq. 15). We implement eq. (15): βᵀβ is 3×3 and
 * invertible whenever the colours span R³, while the main text's ββᵀ is K×K of rank ≤ 3 and singular for K > 3; both
 * are the Moore–Penrose pseudo-inverse of β where they exist. There is no bias term and no one-hot encoding of the input:
 * the input is the raw colour (scale does not matter; we use 0..255).
 *
 * <p>What that implies (and the tests measure): for an undistorted pixel of class k the scores are row k of the hat
 * matrix β(βᵀβ)⁻¹βᵀ, i.e. score_j = β_j·Mβ_k with M = (βᵀβ)⁻¹. Being linear in β_j, its argmax is always a vertex of
 * the convex hull of the palette, so classes whose colours lie inside the hull can never be returned. A bias column
 * does not change this (the scores stay linear in β_j). The maximal-distance palette for K ≤ 8 puts every colour on a
 * cube corner and is recovered exactly; at K = 19 and 150 most classes are not (9/19 and 8/150 for seed 0). A class
 * coloured near black is fragile even at small K: all its scores are ≈ 0, so pure (0,0,0) is recovered only because
 * ties go to the lowest index, and σ = 10 noise hands almost all its pixels to other classes. This is why the reference code decodes
 * GSS-FF with the nearest palette colour ({@link NearestColourInverse}), which is an argmax of 2x·β_k − ‖β_k‖²: linear
 * scores plus the per-class bias that β† lacks.
 */
public final class LeastSquaresInverse implements Inverse, Serializable {
    private static final long serialVersionUID = 1L;

    private final int numClasses;
    /** Columns of β† = (βᵀβ)⁻¹βᵀ, one per class: score_k = x · w_k. */
    private final double[] w0;
    private final double[] w1;
    private final double[] w2;

    public LeastSquaresInverse(Palette palette) {
        int[][] beta = palette.colours();
        numClasses = beta.length;
        double[][] btb = new double[3][3];
        for (int[] c : beta) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    btb[i][j] += (double) c[i] * c[j];
                }
            }
        }
        double[][] m = inverse3x3(btb, palette);
        w0 = new double[numClasses];
        w1 = new double[numClasses];
        w2 = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            int[] c = beta[k];
            w0[k] = m[0][0] * c[0] + m[0][1] * c[1] + m[0][2] * c[2];
            w1[k] = m[1][0] * c[0] + m[1][1] * c[1] + m[1][2] * c[2];
            w2[k] = m[2][0] * c[0] + m[2][1] * c[1] + m[2][2] * c[2];
        }
    }

    private static double[][] inverse3x3(double[][] a, Palette palette) {
        double c00 = a[1][1] * a[2][2] - a[1][2] * a[2][1];
        double c01 = a[1][2] * a[2][0] - a[1][0] * a[2][2];
        double c02 = a[1][0] * a[2][1] - a[1][1] * a[2][0];
        double det = a[0][0] * c00 + a[0][1] * c01 + a[0][2] * c02;
        double scale = a[0][0] + a[1][1] + a[2][2];
        if (!(Math.abs(det) > 1e-12 * scale * scale * scale)) {
            throw new IllegalArgumentException("βᵀβ is singular: the colours of " + palette
                    + " do not span 3 dimensions, so β† = (βᵀβ)⁻¹βᵀ does not exist");
        }
        double[][] inv = new double[3][3];
        inv[0][0] = c00 / det;
        inv[1][0] = c01 / det;
        inv[2][0] = c02 / det;
        inv[0][1] = (a[0][2] * a[2][1] - a[0][1] * a[2][2]) / det;
        inv[1][1] = (a[0][0] * a[2][2] - a[0][2] * a[2][0]) / det;
        inv[2][1] = (a[0][1] * a[2][0] - a[0][0] * a[2][1]) / det;
        inv[0][2] = (a[0][1] * a[1][2] - a[0][2] * a[1][1]) / det;
        inv[1][2] = (a[0][2] * a[1][0] - a[0][0] * a[1][2]) / det;
        inv[2][2] = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / det;
        return inv;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** β† as a 3×K matrix (row = colour channel in 0..255 units, column = class). */
    public double[][] pseudoInverse() {
        return new double[][] {w0.clone(), w1.clone(), w2.clone()};
    }

    /** The K scores ĉ = x β† of one colour given in 0..1 (the decoder's range). */
    public double[] scores(float r, float g, float b) {
        double x0 = r * 255f;
        double x1 = g * 255f;
        double x2 = b * 255f;
        double[] s = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            s[k] = x0 * w0[k] + x1 * w1[k] + x2 * w2[k];
        }
        return s;
    }

    @Override
    public LabelMap invert(float[] chw, int offset, int height, int width) {
        return ColourRuns.classify(chw, offset, height, width, this::argmax);
    }

    private int argmax(float x0, float x1, float x2, int pixel, int width) {
        int best = -1;
        double bestS = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < numClasses; k++) {
            double s = x0 * w0[k] + x1 * w1[k] + x2 * w2[k];
            if (s > bestS) {
                bestS = s;
                best = k;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("maskige value at pixel (" + pixel % width + "," + pixel / width
                    + ") is not finite");
        }
        return best;
    }
}
