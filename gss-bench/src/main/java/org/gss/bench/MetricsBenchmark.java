package org.gss.bench;

import java.util.List;
import org.gss.bench.eval.ConfusionBenchmark;
import org.gss.cli.CommandContext;
import org.gss.cli.Flag;
import org.gss.cli.Main;
import org.gss.cli.UsageError;

/** {@code gss bench metrics}: the confusion accumulation kernel against numpy ({@link ConfusionBenchmark}). */
final class MetricsBenchmark implements Benchmark {
    static final String DEFAULT_PYTHON = "/usr/bin/python3";

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public String summary() {
        return "pixels/s per core of confusion accumulation on synthetic scenes and random pixels, vs numpy bincount";
    }

    @Override
    public List<Flag> flags() {
        return List.of(Flag.value("width", "label map width (default 2048)"),
                Flag.value("height", "label map height (default 1024)"),
                Flag.value("classes", "number of classes K (default 19)"),
                Flag.value("images", "label maps per data set (default 4)"),
                Flag.value("warmup", "warm-up passes (default 5)"),
                Flag.value("repeat", "measured passes; the median is reported (default 9)"),
                Flag.value("python", "python with numpy for the baseline (default " + DEFAULT_PYTHON + ")"),
                Flag.bool("no-numpy", "skip the numpy baseline"));
    }

    @Override
    public int run(CommandContext ctx) {
        ConfusionBenchmark.Options o;
        try {
            o = new ConfusionBenchmark.Options(num(ctx, "width", 2048), num(ctx, "height", 1024), num(ctx, "classes", 19),
                    num(ctx, "images", 4), num(ctx, "warmup", 5), num(ctx, "repeat", 9),
                    ctx.line().has("no-numpy") ? "" : ctx.flag("python").orElse(DEFAULT_PYTHON), 42);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        ConfusionBenchmark.Report r = ConfusionBenchmark.run(o, ctx.out());
        ctx.out().print(ConfusionBenchmark.format(o, r));
        return r.countsAgree().containsValue(false) ? Main.FAILED : Main.OK;
    }

    private static int num(CommandContext ctx, String flag, int def) {
        String v = ctx.flag(flag).orElse(null);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageError("--" + flag + " expects an integer, got '" + v + "'");
        }
    }
}
