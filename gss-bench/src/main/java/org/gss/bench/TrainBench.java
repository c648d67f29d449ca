package org.gss.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.gss.bench.cost.PaperStepBenchmark;
import org.gss.bench.tokenizer.MachinePeak;
import org.gss.cli.CommandContext;
import org.gss.cli.Flag;
import org.gss.cli.Main;
import org.gss.cli.UsageError;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.jobs.SparkRuntime;
import org.gss.jobs.train.TrainBenchmark;

/**
 * {@code gss bench train}: the Stage II trainer's step time with cached vs online targets, the overhead of parameter
 * averaging on Spark vs one JVM, and memory/speed of a training step at the paper's size (measured at reduced sizes
 * on CPU and extrapolated; measured directly with the CUDA backend). Each ratio compares two things measured in the
 * same run, interleaved.
 */
final class TrainBench implements Benchmark {
    static final List<String> PARTS = List.of("targets", "averaging", "paper");

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "Stage II step: cached vs online targets, Spark averaging vs one JVM, paper-size memory/FLOPs/speed";
    }

    @Override
    public List<Flag> flags() {
        return List.of(Flag.value("part", "comma list of targets, averaging, paper (default: all three)"),
                Flag.value("warmup", "warm-up steps/rounds left out of the medians (default: targets 2, averaging 1,"
                        + " paper 1)"),
                Flag.value("steps", "targets: timed steps per mode (default 9)"),
                Flag.value("rounds", "averaging: timed averaging rounds per side (default 4)"),
                Flag.value("paper-steps", "paper: timed steps per size (default 2)"),
                Flag.value("sizes", "paper: sizes scale:crop:vocab[:batch], comma separated (default"
                        + " 4:128:1024,4:192:1024,4:256:1024,4:192:8192,1:96:8192)"),
                Flag.value("dvae-size", "paper: input side of the full-dVAE timing (default 256)"),
                Flag.value("dvae-repeat", "paper: timed full-dVAE passes, 0 = skip (default 2)"),
                Flag.value("gpu-batch", "paper, CUDA backend: batch of the paper-size step (default 2)"),
                Flag.value("work", "folder for the synthetic data, manifest and token cache (default: a temporary"
                        + " folder, deleted afterwards)"));
    }

    @Override
    public int run(CommandContext ctx) throws Exception {
        Set<String> parts = parts(ctx.flag("part").orElse(String.join(",", PARTS)));
        PrintStream out = ctx.out();
        out.printf(Locale.ROOT, "gss bench train: %s; %d cores, peak %s; load average %s%n", String.join(", ", parts),
                Runtime.getRuntime().availableProcessors(), MachinePeak.describe(
                        Runtime.getRuntime().availableProcessors()), loadAverage());
        if (parts.contains("targets") || parts.contains("averaging")) {
            sparkParts(ctx, parts, out);
        }
        if (parts.contains("paper")) {
            List<PaperStepBenchmark.Case> sizes = new ArrayList<>();
            try {
                for (String s : ctx.flag("sizes").orElse("").split(",")) {
                    if (!s.isBlank()) {
                        sizes.add(PaperStepBenchmark.Case.parse(s));
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new UsageError("--sizes: " + e.getMessage());
            }
            PaperStepBenchmark.Options o = new PaperStepBenchmark.Options(
                    sizes.isEmpty() ? PaperStepBenchmark.defaultCases() : sizes, num(ctx, "warmup", 1, 0),
                    num(ctx, "paper-steps", 2, 1), num(ctx, "dvae-size", 256, 8), num(ctx, "dvae-repeat", 2, 0),
                    num(ctx, "gpu-batch", 2, 1));
            out.println("\n== paper size: one training step (ResNet-101 v1c + MLA), reduced sizes and extrapolation");
            PaperStepBenchmark.run(o, out);
        }
        return Main.OK;
    }

    private void sparkParts(CommandContext ctx, Set<String> parts, PrintStream out) throws IOException {
        Path work = ctx.flag("work").map(Path::of).orElse(null);
        boolean temporary = work == null;
        if (temporary) {
            work = Files.createTempDirectory("gss-bench-train");
        }
        GssConfig cfg = GssConfig.load(ctx.line().config(), ctx.line().variant(), withPaths(ctx.line().sets(), work));
        PrintStream stdout = System.out;
        // SameDiff prints a line per differentiated op to stdout (a DL4J 1.0.0-M2.1 defect): keep the tables readable
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try (SparkRuntime.Handle h = SparkRuntime.open(cfg, "bench train")) {
            out.println(TrainBenchmark.describe(cfg));
            TrainBenchmark.prepare(h.spark(), cfg, out);
            if (parts.contains("targets")) {
                TrainBenchmark.Options o = new TrainBenchmark.Options(num(ctx, "warmup", 2, 0), num(ctx, "steps", 9, 1),
                        1);
                out.printf(Locale.ROOT, "%n== targets: one step (build minibatch + fit) with cached vs online token"
                        + " targets, in the driver JVM; load average %s%n", loadAverage());
                TrainBenchmark.TargetsReport r = TrainBenchmark.targets(h.spark(), cfg, o);
                out.print(TrainBenchmark.formatTargets(r, o));
                out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
            }
            if (parts.contains("averaging")) {
                TrainBenchmark.Options o = new TrainBenchmark.Options(num(ctx, "warmup", 1, 0), 1,
                        num(ctx, "rounds", 4, 1));
                String master = Settings.of(cfg, "gss.spark").nonEmpty("master");
                out.printf(Locale.ROOT, "%n== averaging: parameter averaging on Spark %s vs one JVM fitting the same"
                        + " minibatches (targets %s); load average %s%n", master,
                        Settings.of(cfg, "gss.train").nonEmpty("targets"), loadAverage());
                TrainBenchmark.AveragingReport r = TrainBenchmark.averaging(h.spark(), cfg, o);
                out.print(TrainBenchmark.formatAveraging(r, o, master));
                out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
            }
        } finally {
            System.setOut(stdout);
            if (temporary) {
                deleteTree(work);
            }
        }
    }

    /** The synthetic data, manifest, token cache and run folder all go under {@code work}. */
    static List<String> withPaths(List<String> sets, Path work) {
        List<String> all = new ArrayList<>(sets);
        String w = work.toAbsolutePath().toString();
        all.addAll(List.of("gss.synth.out=\"" + w + "/data\"", "gss.dataset.root=\"" + w + "/data\"",
                "gss.index.out=\"" + w + "/manifest\"", "gss.token-cache.root=\"" + w + "/token-cache\"",
                "gss.train.out=\"" + w + "/train\""));
        return all;
    }

    static Set<String> parts(String list) {
        Set<String> parts = new LinkedHashSet<>();
        for (String p : list.split(",")) {
            String t = p.trim();
            if (!PARTS.contains(t)) {
                throw new UsageError("--part: unknown part '" + t + "'; known: " + String.join(", ", PARTS));
            }
            parts.add(t);
        }
        return parts;
    }

    private static int num(CommandContext ctx, String flag, int def, int min) {
        String v = ctx.flag(flag).orElse(null);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw new UsageError("--" + flag + " must be >= " + min + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageError("--" + flag + " expects an integer, got '" + v + "'");
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(" ", Arrays.copyOf(f, 3));
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
