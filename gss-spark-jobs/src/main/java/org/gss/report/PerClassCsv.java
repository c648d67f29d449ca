package org.gss.report;

import java.util.Locale;
import org.gss.eval.SegmentationMetrics;

/**
 * One dataset's per-class table as CSV: {@code class_id,class_name,iou,acc,area_intersect,area_union,area_pred,
 * area_label,baseline_iou}. IoU and accuracy in percent, {@code nan} where undefined (class absent from prediction
 * and ground truth, or without ground-truth pixels), as mmseg prints them.
 */
public final class PerClassCsv {
    public static final String HEADER = "class_id,class_name,iou,acc,area_intersect,area_union,area_pred,area_label,"
            + "baseline_iou";

    private PerClassCsv() {
    }

    public static String render(DatasetResult d) {
        SegmentationMetrics m = d.metrics();
        SegmentationMetrics b = d.baseline().available() ? d.baseline().metrics() : null;
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int c = 0; c < d.numClasses(); c++) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%d,%d,%d,%d,%s%n", c, quote(d.classNames().get(c)),
                    Fmt.pct(m.iou(c)), Fmt.pct(m.acc(c)), m.areaIntersect(c), m.areaUnion(c), m.areaPred(c),
                    m.areaLabel(c), b == null ? "" : Fmt.pct(b.iou(c))));
        }
        return sb.toString();
    }

    /** File name of a dataset's table inside the run folder. */
    public static String fileName(DatasetResult d) {
        return "per-class/" + Fmt.slug(d.name()) + ".csv";
    }

    /**
     * A CSV cell: quoted when needed, and a leading {@code = + - @}, tab or CR defused with a {@code '} so that
     * spreadsheets show a name such as {@code =HYPERLINK(…)} as text instead of running it (OWASP CSV injection).
     */
    static String quote(String cell) {
        String s = !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
