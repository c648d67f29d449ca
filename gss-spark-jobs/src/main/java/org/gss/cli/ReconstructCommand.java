package org.gss.cli;

import java.util.List;
import java.util.Locale;
import org.gss.jobs.SparkRuntime;
import org.gss.jobs.reconstruct.ReconstructJob;
import org.gss.jobs.reconstruct.ReconstructSettings;

/** {@code gss reconstruct}: Stage I reconstruction quality over an indexed split. */
final class ReconstructCommand implements Command {
    @Override
    public String name() {
        return "reconstruct";
    }

    @Override
    public String summary() {
        return "Spark job: Stage I reconstruction mIoU (label -> maskige -> tokens -> label) per palette x inverse";
    }

    @Override
    public String help() {
        return """
                usage: gss reconstruct [--config FILE] [--set key=value]...

                For every sample of gss.reconstruct.split in the sample manifest (gss.index.out): label map ->
                maskige (palette) -> tokens (gss.tokenizer) -> decoded maskige -> labels (inverse), scored against the
                label map with the evaluation metrics (mIoU, mAcc, aAcc; ignore pixels excluded). Compares every
                palette in gss.reconstruct.palettes with every inverse in gss.reconstruct.inverses (empty lists = the
                configured gss.maskige.palette / inverse). Writes reconstruct.json and reconstruct.md to
                gss.reconstruct.out.
                """;
    }

    @Override
    public ReconstructSettings settings(CommandContext ctx) {
        return ReconstructSettings.from(ctx.config());
    }

    @Override
    public int run(CommandContext ctx) {
        ReconstructSettings settings = settings(ctx);
        try (SparkRuntime.Handle h = SparkRuntime.open(ctx.config(), "reconstruct")) {
            List<ReconstructJob.Outcome> outcomes = ReconstructJob.run(h.spark(), settings, ctx.config().hash());
            for (ReconstructJob.Outcome o : outcomes) {
                ctx.out().printf(Locale.ROOT, "reconstruct: %-16s %-13s mIoU %6.2f  mAcc %6.2f  aAcc %6.2f%n",
                        o.combination().palette(), o.combination().inverse(), o.metrics().mIoU(), o.metrics().mAcc(),
                        o.metrics().aAcc());
            }
            return Main.OK;
        }
    }
}
