package org.gss.cli;

import java.util.Locale;
import org.gss.eval.HarmonicMean;
import org.gss.jobs.SparkRuntime;
import org.gss.jobs.eval.EvaluateJob;
import org.gss.jobs.eval.EvaluateSettings;
import org.gss.report.DatasetResult;
import org.gss.report.EvaluationReport;
import org.gss.report.SkippedInput;

/** {@code gss evaluate}: per-dataset and cross-domain scores of predictions, with JSON, CSV, Markdown and HTML. */
final class EvaluateCommand implements Command {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "Spark job: mIoU/mAcc/aAcc per dataset and domain, harmonic mean; metrics.json, CSV, summary.md, HTML";
    }

    @Override
    public String help() {
        return """
                usage: gss evaluate --config FILE [--set key=value]...

                Scores predictions against the ground truth of every dataset in gss.evaluate.datasets (each a sample
                manifest from gss index, a split, and a folder of prediction PNGs, or gss.evaluate.checkpoint: a gss
                train run folder, i.e. its latest checkpoint, a checkpoint folder or its model.zip, which predicts on
                the executors with the dataset's mode = whole | slide and the configured gss.tokenizer and
                gss.maskige). A manifest with several domains (MSeg) gives one result per domain. Executors accumulate 64-bit
                confusion matrices; the driver reduces them and reports per-class IoU/Acc, mIoU, mAcc, aAcc (percent;
                mmseg mean over present classes, or MSeg's absent-as-zero mean with gss.evaluate.mean), the harmonic
                mean n / sum(1/mIoU_i) over the datasets, and an image-blind baseline (per-pixel most frequent
                training class) where the manifest has the training split.
                With taxonomy = universal, predictions in MSeg's 194 universal classes are mapped onto each test
                dataset's classes first.
                Writes gss.evaluate.out atomically: metrics.json, per-class/<dataset>.csv, summary.md, report.html.
                Bad input (missing prediction, size mismatch, id >= K other than 255) stops the job naming the file,
                or with gss.evaluate.bad-input = skip is listed in metrics.json.
                """;
    }

    @Override
    public EvaluateSettings settings(CommandContext ctx) {
        return EvaluateSettings.from(ctx.config());
    }

    @Override
    public int run(CommandContext ctx) {
        EvaluateSettings settings = settings(ctx);
        try (SparkRuntime.Handle h = SparkRuntime.open(ctx.config(), "evaluate")) {
            EvaluateJob.Result r = EvaluateJob.run(h.spark(), settings, ctx.config().hash(),
                    ctx.config().canonicalJson());
            EvaluationReport rep = r.report();
            for (DatasetResult d : rep.datasets()) {
                ctx.out().printf(Locale.ROOT, "evaluate: %-24s %6d images  %s%n", d.name(), d.images(),
                        d.metrics().summary(rep.headline()));
            }
            if (rep.datasets().size() > 1) {
                HarmonicMean.Result hm = rep.harmonicMean(rep.headline());
                ctx.out().printf(Locale.ROOT, "evaluate: h.mean mIoU %.2f (%s)%n", hm.value(), hm.note());
            }
            if (!rep.skipped().isEmpty()) {
                ctx.out().printf("evaluate: %d samples skipped (listed in metrics.json):%n", rep.skipped().size());
                for (SkippedInput s : rep.skipped().subList(0, Math.min(10, rep.skipped().size()))) {
                    ctx.out().printf("  %s/%s: %s%n", s.dataset(), s.id(), s.reason());
                }
            }
            ctx.out().printf("evaluate: report in %s (metrics.json, summary.md, report.html)%n", r.out());
            return Main.OK;
        }
    }
}
