package org.gss.data.log;

import java.util.Locale;

/**
 * The one style of every progress line a person reads in the log, e.g.
 * {@code train: 40/120 it, token CE 3.21, pixel CE 1.05, 1.9 samples/s, ETA 3m05s}: the stage, done/total with its
 * unit, rounded metrics, a rate with its unit and the time left in minutes and seconds.
 */
public final class ProgressLine {
    private ProgressLine() {
    }

    /** {@code "<stage>: <done>/<total> <unit>"}. */
    public static String head(String stage, long done, long total, String unit) {
        return String.format(Locale.ROOT, "%s: %d/%d %s", stage, done, total, unit);
    }

    /** A duration for people: {@code 0.4s}, {@code 42s}, {@code 3m05s}, {@code 1h02m}. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    /** {@code "ETA 3m05s"} for the time left. */
    public static String eta(double secondsLeft) {
        return "ETA " + duration(secondsLeft);
    }

    /** A rate rounded to three significant digits at most, with its unit: {@code 2.35 it/s}, {@code 28.6 images/s}. */
    public static String rate(double perSecond, String unit) {
        return number(perSecond) + " " + unit + "/s";
    }

    /** A metric rounded for reading: three significant digits, no exponent between 0.001 and 100000. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (a >= 0.001) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
