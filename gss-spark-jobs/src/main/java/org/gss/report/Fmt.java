package org.gss.report;

import java.util.Locale;

/** Number formats shared by the report files: percentages with two decimals, undefined values spelled out. */
final class Fmt {
    private Fmt() {
    }

    /** {@code 77.76}, or {@code nan} (mmseg's spelling) when undefined. */
    static String pct(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** As {@link #pct} with an en dash for undefined values (tables meant for people). */
    static String cell(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** A file-name-safe form of a result name: lower case, runs of other characters become '-'. */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "dataset" : s;
    }
}
