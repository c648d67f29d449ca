package org.gss.bench.cost;

/** Ordinary least squares y ≈ X·β by the normal equations (a handful of points and unknowns: no library needed). */
public final class LeastSquares {
    private LeastSquares() {
    }

    /**
     * β minimising Σ (y_i − x_i·β)².
     *
     * @param x rows of regressors (include a column of ones for an intercept)
     * @throws IllegalArgumentException if there are fewer points than unknowns or the columns are dependent
     */
    public static double[] fit(double[][] x, double[] y) {
        int n = x.length;
        int k = x[0].length;
        if (n < k || y.length != n) {
            throw new IllegalArgumentException(n + " points cannot determine " + k + " coefficients");
        }
        // columns scaled to unit size first: byte counts and element counts differ by orders of magnitude
        double[] scale = new double[k];
        for (int j = 0; j < k; j++) {
            for (double[] row : x) {
                scale[j] = Math.max(scale[j], Math.abs(row[j]));
            }
            if (scale[j] == 0) {
                throw new IllegalArgumentException("regressor " + j + " is zero at every point");
            }
        }
        double[][] a = new double[k][k + 1];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < k; c++) {
                    a[r][c] += x[i][r] / scale[r] * x[i][c] / scale[c];
                }
                a[r][k] += x[i][r] / scale[r] * y[i];
            }
        }
        double[] beta = solve(a, k);
        for (int j = 0; j < k; j++) {
            beta[j] /= scale[j];
        }
        return beta;
    }

    /** x_i·β at each point. */
    public static double[] predict(double[][] x, double[] beta) {
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < beta.length; j++) {
                p[i] += x[i][j] * beta[j];
            }
        }
        return p;
    }

    /** Gauss-Jordan elimination with partial pivoting on the augmented k×(k+1) matrix. */
    private static double[] solve(double[][] a, int k) {
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12) {
                throw new IllegalArgumentException("the regressors are linearly dependent at these points");
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < k; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c <= k; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] beta = new double[k];
        for (int j = 0; j < k; j++) {
            beta[j] = a[j][k] / a[j][j];
        }
        return beta;
    }
}
