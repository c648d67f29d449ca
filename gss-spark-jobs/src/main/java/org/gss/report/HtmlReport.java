package org.gss.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.gss.data.image.LabelMap;
import org.gss.eval.HarmonicMean;
import org.gss.eval.MeanMode;
import org.gss.eval.SegmentationMetrics;

/**
 * {@code report.html}: one self-contained page (inline CSS, inline SVG charts, panels as PNG data URIs; nothing is
 * fetched). Sections: the paper-style summary table, the per-domain chart with the harmonic mean, then per dataset
 * its numbers, per-class IoU chart, confusion heat map and qualitative panels (image | ground truth | prediction, in
 * the dataset's palette). A few lines of script only check, after loading, that every panel image decoded: they set
 * {@code data-images-ok}/{@code data-images-broken} on {@code <body>} and log a console error otherwise.
 */
public final class HtmlReport {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#222;\
            max-width:1200px}
            h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;margin-top:36px;border-bottom:1px solid #ccc}
            h3{font-size:14px;margin:18px 0 6px}
            table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 8px;font-size:13px}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            .meta{color:#555;font-size:12px}.note{color:#555;font-size:12px;margin:4px 0}
            .charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
            .panels{display:flex;flex-direction:column;gap:12px}
            figure.panel{margin:0;display:flex;gap:6px;flex-wrap:wrap;align-items:flex-start}
            figure.panel img{border:1px solid #aaa;image-rendering:pixelated}
            figure.panel figcaption{width:100%;font-size:12px;color:#444}
            .legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:11px;margin:2px 0 10px}
            .legend span.sw{display:inline-block;width:10px;height:10px;border:1px solid #555;margin-right:3px}
            code{font-size:12px}
            """;
    private static final String SCRIPT = """
            window.addEventListener('load', function () {
              var ok = 0, broken = [];
              document.querySelectorAll('img').forEach(function (img) {
                if (img.complete && img.naturalWidth > 0) { ok++; } else { broken.push(img.alt); }
              });
              document.body.setAttribute('data-images-ok', String(ok));
              document.body.setAttribute('data-images-broken', String(broken.length));
              if (broken.length > 0) { console.error('report: images that did not decode: ' + broken.join(', ')); }
            });
            """;

    private HtmlReport() {
    }

    /** Id of a dataset's per-class IoU chart. */
    public static String iouChartId(DatasetResult d) {
        return "iou-" + Fmt.slug(d.name());
    }

    /** Id of a dataset's confusion heat map. */
    public static String heatmapId(DatasetResult d) {
        return "confusion-" + Fmt.slug(d.name());
    }

    public static String render(EvaluationReport r) {
        MeanMode mode = r.headline();
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>GSS evaluation report</title><style>").append(CSS).append("</style></head>\n<body>\n");
        h.append("<h1>GSS evaluation report</h1>\n<p class=\"meta\">Predictions: ").append(Html.esc(r.source().kind()))
                .append(" <code>").append(Html.esc(r.source().location())).append("</code> (id <code>")
                .append(Html.esc(SummaryMarkdown.shortId(r.source().id()))).append("</code>) · config hash <code>")
                .append(Html.esc(SummaryMarkdown.shortId(r.configHash()))).append("</code> · ")
                .append(Html.esc(r.createdAt())).append("</p>\n");
        h.append("<p class=\"note\">All values in percent. Mean over classes: ").append(Html.esc(mode.label()))
                .append(". IoU sums intersections and unions over the whole split; ignored pixels (255) are dropped.")
                .append("</p>\n");
        summary(h, r, mode);
        h.append("<section id=\"domains\"><h2>Per dataset</h2>\n").append(SvgCharts.domainChart(r, mode));
        HarmonicMean.Result hm = r.harmonicMean(mode);
        h.append("<p class=\"note\">h.mean = n / Σ(1/mIoU<sub>i</sub>) = ").append(Fmt.cell(hm.value())).append(" (")
                .append(Html.esc(hm.note())).append(")</p></section>\n");
        for (DatasetResult d : r.datasets()) {
            dataset(h, d, mode);
        }
        skipped(h, r);
        h.append("<section id=\"provenance\"><h2>Provenance</h2><table>")
                .append(row("prediction source", r.source().kind() + " " + r.source().location()))
                .append(row("prediction id", r.source().id())).append(row("config hash", r.configHash()))
                .append(row("created", r.createdAt()));
        for (DatasetResult d : r.datasets()) {
            h.append(row(d.name() + " manifest", d.manifest() + " (content " + d.manifestContentHash() + ")"));
        }
        h.append("</table><p class=\"note\">metrics.json holds every number of this page, the confusion counts and the"
                + " configuration.</p></section>\n");
        h.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, EvaluationReport r, MeanMode mode) {
        boolean hmean = r.datasets().size() > 1;
        h.append("<section id=\"summary\"><h2>Summary (mIoU)</h2><table id=\"summary-table\"><tr><th>Method</th>");
        r.datasets().forEach(d -> h.append("<th class=\"num\">").append(Html.esc(d.name())).append("</th>"));
        if (hmean) {
            h.append("<th class=\"num\">h.mean</th>");
        }
        h.append("</tr><tr><td>").append(Html.esc(SummaryMarkdown.methodName(r))).append("</td>");
        r.datasets().forEach(d -> h.append(num(d.metrics().mIoU(mode))));
        if (hmean) {
            h.append(num(r.harmonicMean(mode).value()));
        }
        h.append("</tr>");
        if (r.anyBaseline()) {
            h.append("<tr class=\"baseline\"><td>image-blind baseline</td>");
            r.datasets().forEach(d -> h.append(num(d.baseline().available() ? d.baseline().metrics().mIoU(mode)
                    : Double.NaN)));
            if (hmean) {
                h.append(num(r.baselineHarmonicMean(mode).value()));
            }
            h.append("</tr>");
        }
        h.append("</table>");
        if (r.anyBaseline()) {
            h.append("<p class=\"note\">The image-blind baseline ignores the image: at every pixel it predicts the class"
                    + " most frequent at that relative position in the training split's labels.</p>");
        }
        h.append("</section>\n");
    }

    private static void dataset(StringBuilder h, DatasetResult d, MeanMode mode) {
        SegmentationMetrics m = d.metrics();
        h.append("<section class=\"dataset\" id=\"dataset-").append(Fmt.slug(d.name())).append("\"><h2>")
                .append(Html.esc(d.name())).append("</h2>\n<table><tr><th>images</th><th class=\"num\">mIoU</th>")
                .append("<th class=\"num\">mAcc</th><th class=\"num\">aAcc</th><th class=\"num\">")
                .append(Html.esc(SummaryMarkdown.shortName(SummaryMarkdown.other(mode)))).append("</th><th class=\"num\">baseline mIoU")
                .append("</th><th>classes present</th></tr><tr><td class=\"num\">").append(d.images()).append("</td>")
                .append(num(m.mIoU(mode))).append(num(m.mAcc(mode))).append(num(m.aAcc()))
                .append(num(m.mIoU(SummaryMarkdown.other(mode))));
        if (d.baseline().available()) {
            h.append(num(d.baseline().metrics().mIoU(mode)));
        } else {
            h.append("<td>– (").append(Html.esc(d.baseline().reason())).append(")</td>");
        }
        h.append("<td class=\"num\">").append(m.presentClasses()).append(" / ").append(d.numClasses())
                .append("</td></tr></table>\n<p class=\"note\">split ").append(Html.esc(d.split())).append(", domain ")
                .append(Html.esc(d.domain())).append(", predictions in ").append(Html.esc(d.taxonomy()))
                .append(" taxonomy; inference: ").append(Html.esc(d.inference())).append("</p>\n");
        h.append("<div class=\"charts\"><div><h3>Per-class IoU</h3>").append(SvgCharts.iouChart(iouChartId(d), d, mode))
                .append("</div><div><h3>Confusion matrix</h3>").append(SvgCharts.heatmap(heatmapId(d), d))
                .append("</div></div>\n");
        if (!d.panels().isEmpty()) {
            h.append("<h3>Samples (image | ground truth | prediction)</h3><div class=\"panels\">");
            for (Panel p : d.panels()) {
                String alt = d.name() + " " + p.sampleId();
                h.append("<figure class=\"panel\" data-sample=\"").append(Html.esc(p.sampleId())).append("\">")
                        .append(img("panel-image", alt + " image", Html.pngDataUri(p.image()), p))
                        .append(img("panel-gt", alt + " ground truth", Html.pngDataUri(
                                LabelPalette.colorize(p.groundTruth(), d.palette())), p))
                        .append(img("panel-pred", alt + " prediction", Html.pngDataUri(
                                LabelPalette.colorize(p.prediction(), d.palette())), p))
                        .append("<figcaption>").append(Html.esc(p.sampleId())).append("</figcaption>")
                        .append(legend(d, p)).append("</figure>");
            }
            h.append("</div>\n");
        }
        h.append("</section>\n");
    }

    private static String img(String cls, String alt, String src, Panel p) {
        return "<img class=\"" + cls + "\" alt=\"" + Html.esc(alt) + "\" width=\"" + p.image().width() + "\" height=\""
                + p.image().height() + "\" src=\"" + src + "\">";
    }

    /** Swatches of the classes that appear in a panel's ground truth or prediction. */
    private static String legend(DatasetResult d, Panel p) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (LabelMap l : List.of(p.groundTruth(), p.prediction())) {
            for (int id : l.distinctIds()) {
                ids.add(id);
            }
        }
        List<String> items = new ArrayList<>();
        for (int id : ids) {
            String name = id == LabelMap.IGNORE ? "ignore / none" : id < d.numClasses() ? d.classNames().get(id)
                    : "id " + id;
            items.add("<span><span class=\"sw\" style=\"background:" + LabelPalette.css(
                    LabelPalette.colorOf(d.palette(), id)) + "\"></span>" + Html.esc(name) + "</span>");
        }
        return "<div class=\"legend\">" + String.join("", items) + "</div>";
    }

    private static void skipped(StringBuilder h, EvaluationReport r) {
        if (r.skipped().isEmpty()) {
            return;
        }
        h.append("<section id=\"skipped\"><h2>Skipped samples (").append(r.skipped().size())
                .append(")</h2><table><tr><th>dataset</th><th>sample</th><th>file</th><th>reason</th></tr>");
        for (SkippedInput s : r.skipped()) {
            h.append("<tr><td>").append(Html.esc(s.dataset())).append("</td><td>").append(Html.esc(s.id()))
                    .append("</td><td><code>").append(Html.esc(s.file())).append("</code></td><td>")
                    .append(Html.esc(s.reason())).append("</td></tr>");
        }
        h.append("</table></section>\n");
    }

    private static String num(double v) {
        return "<td class=\"num\">" + Fmt.cell(v) + "</td>";
    }

    private static String row(String k, String v) {
        return "<tr><th>" + Html.esc(k) + "</th><td><code>" + Html.esc(v) + "</code></td></tr>";
    }
}
