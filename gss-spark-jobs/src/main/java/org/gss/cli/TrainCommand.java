package org.gss.cli;

import java.util.List;
import java.util.Locale;
import org.gss.jobs.SparkRuntime;
import org.gss.jobs.train.TrainJob;
import org.gss.jobs.train.TrainJobSettings;

/** {@code gss train}: Stage II training on Spark with parameter averaging. */
final class TrainCommand implements Command {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "Spark job: Stage II training (image encoder + MLA + auxiliary head), DL4J parameter averaging";
    }

    @Override
    public String help() {
        return """
                usage: gss train [--resume] [--config FILE] [--set key=value]...

                Trains the image encoder psi (ResNet v1c, Multi-Level Aggregation with shifted-window blocks) with the
                auxiliary pixel head to predict the tokenizer's tokens of the ground-truth maskige: loss
                0.8 x token CE (fully unlabeled 8x8 patches masked) + 0.2 x pixel CE (ignore 255). Targets come from
                the token cache (gss.train.targets = cached) or are encoded on the executors each step (online).
                Each executor builds its own batches (view, 8-aligned crop with cat_max_ratio, photometric
                distortion, normalisation). AdamW with warm-up + poly decay. Checkpoints (parameters, updater state,
                iteration) go to gss.train.out/checkpoints every gss.train.checkpoint-every iterations and at the end;
                --resume continues from the latest. metrics.csv and training-curve.png are written as it goes.
                """;
    }

    @Override
    public List<Flag> flags() {
        return List.of(Flag.bool("resume", "continue from the latest checkpoint in gss.train.out"));
    }

    @Override
    public TrainJobSettings settings(CommandContext ctx) {
        return TrainJobSettings.from(ctx.config());
    }

    @Override
    public int run(CommandContext ctx) {
        TrainJobSettings settings = settings(ctx);
        try (SparkRuntime.Handle h = SparkRuntime.open(ctx.config(), "train")) {
            TrainJob.Result r = TrainJob.run(h.spark(), ctx.config(), settings, ctx.line().has("resume"));
            ctx.out().printf(Locale.ROOT, "train: %d iterations done; checkpoints, metrics.csv and training-curve.png"
                    + " in %s%n", r.iteration(), r.out());
            return Main.OK;
        }
    }
}
