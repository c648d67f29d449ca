package org.gss.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MSeg headline number: n / Σ(1/vᵢ) over the domains that have a value. Values are used as given (percent in
 * this project). A zero value makes the mean 0 (its limit), so one failed domain cannot hide behind good ones;
 * NaN values (a domain with no defined mIoU) are left out, and {@link #ofNamed} says which ones in its note.
 */
public final class HarmonicMean {
    private HarmonicMean() {
    }

    /** Harmonic mean of the non-NaN values; NaN if there are none. Negative or infinite values are rejected. */
    public static double of(double... values) {
        double reciprocalSum = 0;
        int n = 0;
        boolean zero = false;
        for (double v : values) {
            if (Double.isNaN(v)) {
                continue;
            }
            check(v, "value");
            n++;
            if (v == 0) {
                zero = true;
            } else {
                reciprocalSum += 1.0 / v;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        return zero ? 0.0 : n / reciprocalSum;
    }

    /** Harmonic mean over named values (e.g. dataset → mIoU), recording which names were used and which were NaN. */
    public static Result ofNamed(Map<String, Double> named) {
        List<String> used = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        double[] values = new double[named.size()];
        int i = 0;
        for (Map.Entry<String, Double> e : named.entrySet()) {
            double v = e.getValue() == null ? Double.NaN : e.getValue();
            if (Double.isNaN(v)) {
                excluded.add(e.getKey());
            } else {
                check(v, e.getKey());
                used.add(e.getKey());
            }
            values[i++] = v;
        }
        return new Result(of(values), List.copyOf(used), List.copyOf(excluded));
    }

    private static void check(double v, String what) {
        if (v < 0 || Double.isInfinite(v)) {
            throw new IllegalArgumentException("harmonic mean needs finite non-negative values, " + what + " is " + v);
        }
    }

    /** The mean and the names it was taken over; {@code excluded} had NaN values. */
    public record Result(double value, List<String> used, List<String> excluded) {
        /** E.g. "harmonic mean over 5 of 6 (excluded, no value: kitti)". */
        public String note() {
            int total = used.size() + excluded.size();
            String base = "harmonic mean over " + used.size() + " of " + total;
            return excluded.isEmpty() ? base : base + " (excluded, no value: " + String.join(", ", excluded) + ")";
        }
    }
}
