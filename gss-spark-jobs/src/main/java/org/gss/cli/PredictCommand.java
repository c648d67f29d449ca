package org.gss.cli;

import org.gss.jobs.SparkRuntime;
import org.gss.jobs.eval.PredictJob;
import org.gss.jobs.eval.PredictSettings;
import org.gss.report.SkippedInput;

/** {@code gss predict}: label-id and colourised PNGs for a manifest split or a folder of images. */
final class PredictCommand implements Command {
    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String summary() {
        return "Spark job: label-id PNGs and colourised PNGs for a manifest split or a folder of images";
    }

    @Override
    public String help() {
        return """
                usage: gss predict --set gss.predict.input=DIR [--config FILE] [--set key=value]...

                Predicts every image of gss.predict.input (a sample manifest from gss index, restricted to
                gss.predict.split, or a folder of PNG/JPEG images) on the executors and writes gss.predict.out
                atomically: labels/<domain>/<id>.png (8-bit ids, 255 = no prediction), color/<domain>/<id>.png (in the
                palette: gss.predict.palette = auto | cityscapes | ade20k | generated | a file of "r g b" lines) and
                _predict.json. The predictor is a Stage II checkpoint (gss.predict.checkpoint: a gss train run
                folder, i.e. its latest checkpoint, a checkpoint folder or its model.zip; generative inference with
                gss.predict.mode = whole | slide, crop, stride, short-side and the configured gss.tokenizer and
                gss.maskige), or a folder of label PNGs (gss.predict.predictions, file names from
                gss.predict.prediction-name), which wins when set. labels/ can be given to gss evaluate as a
                predictions folder (the same numbers as evaluating with the checkpoint and the same inference).
                """;
    }

    @Override
    public PredictSettings settings(CommandContext ctx) {
        return PredictSettings.from(ctx.config());
    }

    @Override
    public int run(CommandContext ctx) {
        PredictSettings settings = settings(ctx);
        try (SparkRuntime.Handle h = SparkRuntime.open(ctx.config(), "predict")) {
            PredictJob.Result r = PredictJob.run(h.spark(), settings, ctx.config().hash());
            ctx.out().printf("predict: %d images -> %s (labels/, color/)%n", r.images(), r.out());
            for (SkippedInput s : r.skipped().subList(0, Math.min(10, r.skipped().size()))) {
                ctx.out().printf("  skipped %s: %s%n", s.id(), s.reason());
            }
            return Main.OK;
        }
    }
}
