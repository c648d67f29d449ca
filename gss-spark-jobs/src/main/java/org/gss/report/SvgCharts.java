package org.gss.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gss.data.image.RgbImage;
import org.gss.eval.HarmonicMean;
import org.gss.eval.MeanMode;
import org.gss.eval.SegmentationMetrics;

/**
 * The report's charts as inline SVG (no scripts, no external resources). Every chart is an {@code <svg>} with class
 * {@code gss-chart} plus its kind ({@code iou-chart}, {@code domain-chart}, {@code confusion-heatmap}) and a stable
 * id, so tests and readers can find them.
 */
final class SvgCharts {
    static final String BAR = "#3b6fb6";
    static final String BASELINE = "#b9c4d4";
    /** Above this many classes the heat map is drawn as one embedded bitmap instead of one rect per cell. */
    static final int MAX_RECT_CLASSES = 64;

    private SvgCharts() {
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Horizontal bars of per-class IoU (percent), class colour swatches, baseline IoU as a tick where available. */
    static String iouChart(String id, DatasetResult d, MeanMode mode) {
        SegmentationMetrics m = d.metrics();
        SegmentationMetrics b = d.baseline().available() ? d.baseline().metrics() : null;
        int k = d.numClasses();
        int labelW = 170;
        int barW = 420;
        int row = 16;
        int top = 28;
        int height = top + k * row + 24;
        int width = labelW + barW + 60;
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"").append(id).append("\" class=\"gss-chart iou-chart\" data-dataset=\"")
                .append(Html.esc(d.name())).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"img\">");
        s.append("<title>Per-class IoU, ").append(Html.esc(d.name())).append(" (mIoU ")
                .append(Fmt.cell(m.mIoU(mode))).append(")</title>");
        for (int t = 0; t <= 100; t += 25) {
            double x = labelW + barW * t / 100.0;
            s.append("<line class=\"grid\" x1=\"").append(f(x)).append("\" y1=\"").append(top - 4).append("\" x2=\"")
                    .append(f(x)).append("\" y2=\"").append(top + k * row).append("\" stroke=\"#ddd\"/>");
            s.append("<text x=\"").append(f(x)).append("\" y=\"").append(top - 8)
                    .append("\" font-size=\"10\" text-anchor=\"middle\">").append(t).append("</text>");
        }
        for (int c = 0; c < k; c++) {
            int y = top + c * row;
            String name = d.classNames().get(c);
            s.append("<rect class=\"swatch\" x=\"2\" y=\"").append(y + 3).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(LabelPalette.css(d.palette()[c])).append("\" stroke=\"#555\" stroke-width=\"0.5\"/>");
            s.append("<text x=\"16\" y=\"").append(y + 12).append("\" font-size=\"11\">")
                    .append(Html.esc(clip(name, 24))).append("</text>");
            double v = m.iou(c);
            if (Double.isNaN(v)) {
                s.append("<text class=\"na\" x=\"").append(labelW + 4).append("\" y=\"").append(y + 12)
                        .append("\" font-size=\"10\" fill=\"#999\">n/a (absent)</text>");
            } else {
                double w = barW * v / 100.0;
                s.append("<rect class=\"bar\" data-class=\"").append(c).append("\" x=\"").append(labelW)
                        .append("\" y=\"").append(y + 2).append("\" width=\"").append(f(w))
                        .append("\" height=\"").append(row - 4).append("\" fill=\"").append(BAR).append("\"><title>")
                        .append(Html.esc(name)).append(": IoU ").append(Fmt.pct(v)).append(", Acc ")
                        .append(Fmt.pct(m.acc(c))).append("</title></rect>");
                s.append("<text x=\"").append(f(labelW + w + 4)).append("\" y=\"").append(y + 12)
                        .append("\" font-size=\"10\">").append(Fmt.pct(v)).append("</text>");
            }
            if (b != null && !Double.isNaN(b.iou(c))) {
                double x = labelW + barW * b.iou(c) / 100.0;
                s.append("<line class=\"baseline-tick\" x1=\"").append(f(x)).append("\" y1=\"").append(y + 1)
                        .append("\" x2=\"").append(f(x)).append("\" y2=\"").append(y + row - 1)
                        .append("\" stroke=\"#000\" stroke-width=\"2\"><title>baseline IoU ")
                        .append(Fmt.pct(b.iou(c))).append("</title></line>");
            }
        }
        s.append("<text x=\"").append(labelW).append("\" y=\"").append(height - 6)
                .append("\" font-size=\"10\" fill=\"#555\">IoU (%)").append(b != null
                        ? "; black tick = image-blind baseline" : "").append("</text>");
        return s.append("</svg>").toString();
    }

    /** Vertical bars of each dataset's mIoU (and its baseline), with the harmonic mean as a dashed line. */
    static String domainChart(EvaluationReport r, MeanMode mode) {
        List<DatasetResult> ds = r.datasets();
        int n = ds.size();
        int left = 40;
        int plotH = 220;
        int top = 20;
        int group = 90;
        int width = left + n * group + 130;
        int height = top + plotH + 70;
        boolean baselines = r.anyBaseline();
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"domain-chart\" class=\"gss-chart domain-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width)
                .append(' ').append(height).append("\" role=\"img\"><title>mIoU per dataset and harmonic mean</title>");
        for (int t = 0; t <= 100; t += 20) {
            double y = top + plotH - plotH * t / 100.0;
            s.append("<line class=\"grid\" x1=\"").append(left).append("\" y1=\"").append(f(y)).append("\" x2=\"")
                    .append(left + n * group).append("\" y2=\"").append(f(y)).append("\" stroke=\"#ddd\"/>");
            s.append("<text x=\"").append(left - 4).append("\" y=\"").append(f(y + 3))
                    .append("\" font-size=\"10\" text-anchor=\"end\">").append(t).append("</text>");
        }
        for (int i = 0; i < n; i++) {
            DatasetResult d = ds.get(i);
            double v = d.metrics().mIoU(mode);
            int x = left + i * group + 10;
            int barW = baselines ? 34 : 60;
            bar(s, "domain-bar", x, barW, v, top, plotH, BAR, d.name() + ": mIoU " + Fmt.pct(v));
            if (baselines && d.baseline().available()) {
                double bv = d.baseline().metrics().mIoU(mode);
                bar(s, "baseline-bar", x + barW + 2, barW, bv, top, plotH, BASELINE,
                        d.name() + ": image-blind baseline mIoU " + Fmt.pct(bv));
            }
            s.append("<text x=\"").append(left + i * group + group / 2).append("\" y=\"").append(top + plotH + 14)
                    .append("\" font-size=\"11\" text-anchor=\"middle\">").append(Html.esc(clip(d.name(), 14)))
                    .append("</text>");
        }
        HarmonicMean.Result h = r.harmonicMean(mode);
        if (!Double.isNaN(h.value())) {
            double y = top + plotH - plotH * h.value() / 100.0;
            s.append("<line class=\"hmean-line\" x1=\"").append(left).append("\" y1=\"").append(f(y)).append("\" x2=\"")
                    .append(left + n * group).append("\" y2=\"").append(f(y))
                    .append("\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>")
                    .append(Html.esc(h.note())).append("</title></line>");
            s.append("<text class=\"hmean-label\" x=\"").append(left + n * group + 6).append("\" y=\"").append(f(y + 4))
                    .append("\" font-size=\"12\" fill=\"#c0392b\">h.mean ").append(Fmt.pct(h.value()))
                    .append("</text>");
        }
        int ly = top + plotH + 36;
        s.append("<rect x=\"").append(left).append("\" y=\"").append(ly - 9).append("\" width=\"10\" height=\"10\" fill=\"")
                .append(BAR).append("\"/><text x=\"").append(left + 14).append("\" y=\"").append(ly)
                .append("\" font-size=\"11\">mIoU (%)</text>");
        if (baselines) {
            s.append("<rect x=\"").append(left + 90).append("\" y=\"").append(ly - 9)
                    .append("\" width=\"10\" height=\"10\" fill=\"").append(BASELINE).append("\"/><text x=\"")
                    .append(left + 104).append("\" y=\"").append(ly)
                    .append("\" font-size=\"11\">image-blind baseline</text>");
        }
        return s.append("</svg>").toString();
    }

    private static void bar(StringBuilder s, String cls, int x, int w, double v, int top, int plotH, String fill,
            String title) {
        double h = Double.isNaN(v) ? 0 : plotH * v / 100.0;
        s.append("<rect class=\"").append(cls).append("\" x=\"").append(x).append("\" y=\"").append(f(top + plotH - h))
                .append("\" width=\"").append(w).append("\" height=\"").append(f(h)).append("\" fill=\"").append(fill)
                .append("\"><title>").append(Html.esc(title)).append("</title></rect>");
        s.append("<text x=\"").append(x + w / 2).append("\" y=\"").append(f(top + plotH - h - 3))
                .append("\" font-size=\"10\" text-anchor=\"middle\">").append(Fmt.cell(v)).append("</text>");
    }

    /**
     * Row-normalised confusion matrix (share of each ground-truth class's pixels per predicted class) over the classes
     * that occur in ground truth or prediction, plus a "none" column when some pixels got no prediction (255).
     */
    static String heatmap(String id, DatasetResult d) {
        int k = d.numClasses();
        SegmentationMetrics m = d.metrics();
        List<Integer> present = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (m.areaLabel(c) > 0 || m.areaPred(c) > 0) {
                present.add(c);
            }
        }
        long[] raw = d.confusion().rawCounts();
        boolean none = false;
        for (int g = 0; g < k; g++) {
            none |= raw[g * (k + 1) + k] > 0;
        }
        int rows = present.size();
        int cols = rows + (none ? 1 : 0);
        boolean names = rows <= 40;
        int cell = rows <= 20 ? 22 : rows <= 40 ? 14 : Math.max(3, 560 / Math.max(1, rows));
        int left = names ? 130 : 40;
        int top = names ? 110 : 40;
        int width = Math.max(left + cols * cell + 20, 470);
        int height = top + rows * cell + 42;
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"").append(id).append("\" class=\"gss-chart confusion-heatmap\" data-dataset=\"")
                .append(Html.esc(d.name())).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"img\"><title>Confusion matrix, ").append(Html.esc(d.name()))
                .append(" (rows: ground truth, columns: prediction; share of the row's pixels)</title>");
        if (rows == 0) {
            return s.append("<text x=\"10\" y=\"20\" font-size=\"12\">no labeled pixels</text></svg>").toString();
        }
        double[][] share = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            int g = present.get(i);
            long total = m.areaLabel(g);
            for (int j = 0; j < cols; j++) {
                int p = j < rows ? present.get(j) : k;
                share[i][j] = total == 0 ? 0 : (double) raw[g * (k + 1) + p] / total;
            }
        }
        if (rows <= MAX_RECT_CLASSES) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    String pn = j < rows ? d.classNames().get(present.get(j)) : "no prediction";
                    s.append("<rect class=\"cell\" x=\"").append(left + j * cell).append("\" y=\"")
                            .append(top + i * cell).append("\" width=\"").append(cell).append("\" height=\"")
                            .append(cell).append("\" fill=\"").append(LabelPalette.css(heat(share[i][j])))
                            .append("\"><title>").append(Html.esc(d.classNames().get(present.get(i)))).append(" → ")
                            .append(Html.esc(pn)).append(": ").append(String.format(Locale.ROOT, "%.1f%%",
                                    100 * share[i][j])).append("</title></rect>");
                }
            }
        } else {
            RgbImage bitmap = new RgbImage(cols, rows, new byte[cols * rows * 3]);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int c = heat(share[i][j]);
                    bitmap.set(j, i, (c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF);
                }
            }
            s.append("<image class=\"cells\" x=\"").append(left).append("\" y=\"").append(top).append("\" width=\"")
                    .append(cols * cell).append("\" height=\"").append(rows * cell)
                    .append("\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"")
                    .append(Html.pngDataUri(bitmap)).append("\"/>");
        }
        for (int i = 0; i < rows; i++) {
            String label = names ? clip(d.classNames().get(present.get(i)), 18) : String.valueOf(present.get(i));
            if (names || i % Math.max(1, rows / 10) == 0) {
                s.append("<text x=\"").append(left - 4).append("\" y=\"").append(top + i * cell + cell / 2 + 4)
                        .append("\" font-size=\"").append(names ? 10 : 9).append("\" text-anchor=\"end\">")
                        .append(Html.esc(label)).append("</text>");
            }
        }
        for (int j = 0; j < cols; j++) {
            String label = j < rows ? (names ? clip(d.classNames().get(present.get(j)), 18)
                    : String.valueOf(present.get(j))) : "none";
            if (names || j == rows || j % Math.max(1, rows / 10) == 0) {
                int x = left + j * cell + cell / 2 + 4;
                s.append("<text x=\"").append(x).append("\" y=\"").append(top - 4).append("\" font-size=\"")
                        .append(names ? 10 : 9).append("\" transform=\"rotate(-60 ").append(x).append(' ')
                        .append(top - 4).append(")\">").append(Html.esc(label)).append("</text>");
            }
        }
        s.append("<text x=\"").append(Math.min(left, 20)).append("\" y=\"").append(height - 20)
                .append("\" font-size=\"10\" fill=\"#555\">rows: ground truth; columns: prediction</text>")
                .append("<text x=\"").append(Math.min(left, 20)).append("\" y=\"").append(height - 7)
                .append("\" font-size=\"10\" fill=\"#555\">colour: share of the row's pixels (white 0 → dark 100%)</text>");
        return s.append("</svg>").toString();
    }

    /** White → dark blue. */
    static int heat(double share) {
        double t = Math.max(0, Math.min(1, share));
        t = Math.sqrt(t); // small confusions stay visible
        int r = (int) Math.round(255 + (8 - 255) * t);
        int g = (int) Math.round(255 + (48 - 255) * t);
        int b = (int) Math.round(255 + (107 - 255) * t);
        return (r << 16) | (g << 8) | b;
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
