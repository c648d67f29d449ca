package org.gss.report;

import java.util.List;
import org.gss.eval.HarmonicMean;
import org.gss.eval.MeanMode;
import org.gss.eval.SegmentationMetrics;

/**
 * {@code summary.md}: the paper's table layout (datasets as columns, one row of mIoU per method, the harmonic mean as
 * the last column when there are several datasets), then a per-dataset detail table. Percent throughout; the mean
 * over classes is named.
 */
public final class SummaryMarkdown {
    private SummaryMarkdown() {
    }

    public static String render(EvaluationReport r) {
        MeanMode mode = r.headline();
        List<DatasetResult> ds = r.datasets();
        boolean hmean = ds.size() > 1;
        StringBuilder sb = new StringBuilder("# Evaluation summary\n\n");
        sb.append("mIoU in percent (").append(mode.label()).append("). Predictions: ").append(r.source().kind())
                .append(" ").append(escape(r.source().location())).append(" (id `").append(shortId(r.source().id()))
                .append("`); config hash `").append(shortId(r.configHash())).append("`; ").append(r.createdAt())
                .append(".\n\n");
        sb.append("| Method |");
        ds.forEach(d -> sb.append(' ').append(escape(d.name())).append(" |"));
        if (hmean) {
            sb.append(" h.mean |");
        }
        sb.append("\n|---|");
        ds.forEach(d -> sb.append("---:|"));
        if (hmean) {
            sb.append("---:|");
        }
        sb.append("\n| ").append(escape(methodName(r))).append(" |");
        ds.forEach(d -> sb.append(' ').append(Fmt.cell(d.metrics().mIoU(mode))).append(" |"));
        if (hmean) {
            sb.append(' ').append(Fmt.cell(r.harmonicMean(mode).value())).append(" |");
        }
        sb.append('\n');
        if (r.anyBaseline()) {
            sb.append("| image-blind baseline |");
            ds.forEach(d -> sb.append(' ').append(d.baseline().available()
                    ? Fmt.cell(d.baseline().metrics().mIoU(mode)) : "–").append(" |"));
            if (hmean) {
                sb.append(' ').append(Fmt.cell(r.baselineHarmonicMean(mode).value())).append(" |");
            }
            sb.append('\n');
        }
        if (hmean) {
            HarmonicMean.Result h = r.harmonicMean(mode);
            sb.append("\nh.mean = n / Σ(1/mIoUᵢ): ").append(h.note()).append(".\n");
        }
        sb.append("\n| dataset | images | mIoU | mAcc | aAcc | ").append(shortName(other(mode)))
                .append(" | baseline mIoU |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (DatasetResult d : ds) {
            SegmentationMetrics m = d.metrics();
            sb.append("| ").append(escape(d.name())).append(" | ").append(d.images()).append(" | ")
                    .append(Fmt.cell(m.mIoU(mode))).append(" | ").append(Fmt.cell(m.mAcc(mode))).append(" | ")
                    .append(Fmt.cell(m.aAcc())).append(" | ").append(Fmt.cell(m.mIoU(other(mode)))).append(" | ")
                    .append(d.baseline().available() ? Fmt.cell(d.baseline().metrics().mIoU(mode))
                            : "– (" + escape(d.baseline().reason()) + ")")
                    .append(" |\n");
        }
        if (!r.skipped().isEmpty()) {
            sb.append("\n").append(r.skipped().size())
                    .append(" sample(s) skipped under bad-input = skip; metrics.json lists them with the reason.\n");
        }
        return sb.toString();
    }

    /** A short column title for a mean mode: {@code mmseg mIoU} or {@code MSeg-style mIoU (absent = 0)}. */
    static String shortName(MeanMode m) {
        return m == MeanMode.NAN_EXCLUDED ? "mmseg mIoU" : "MSeg-style mIoU (absent = 0)";
    }

    static MeanMode other(MeanMode m) {
        return m == MeanMode.NAN_EXCLUDED ? MeanMode.ABSENT_AS_ZERO : MeanMode.NAN_EXCLUDED;
    }

    static String methodName(EvaluationReport r) {
        return r.source().kind().equals("checkpoint") ? "GSS (" + lastPart(r.source().location()) + ")"
                : "predictions (" + r.source().kind() + ")";
    }

    private static String lastPart(String s) {
        String t = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        return t.substring(t.lastIndexOf('/') + 1);
    }

    static String shortId(String id) {
        return id.length() > 16 ? id.substring(0, 16) : id;
    }

    /** Names from input files as Markdown text: HTML escaped (Markdown passes raw HTML through), table pipes too. */
    static String escape(String s) {
        return Html.esc(s).replace("|", "\\|").replace("`", "&#96;").replace("\n", " ").replace("\r", " ");
    }
}
