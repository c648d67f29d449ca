package org.gss.bench.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.gss.model.ModelConfig;
import org.gss.bench.tokenizer.DvaeCost;
import org.gss.tokenizer.DvaeEncoder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code gss bench train --part paper}: memory and speed of one training step of the paper's encoder (ResNet-101 v1c
 * + MLA, 768² crop, V 8192). Each size runs in its own JVM ({@link StepProbe}), so that its memory peak is its own.
 * On the CPU backend the sizes are reduced ({@link PaperScale}: 1/scale of every width; smaller crops and
 * vocabularies) and the paper's size is extrapolated:
 * <ul>
 * <li>FLOPs per sample are counted exactly at the paper's size ({@link StepCost}); the time is those FLOPs divided by
 * the GFLOP/s measured on the widest reduced size (wider layers run at least as efficiently, so this errs long);</li>
 * <li>memory = c + a·(activation bytes, logits excluded) + b·(bytes of one logits tensor), fitted over the reduced
 * sizes by least squares (crops move both terms, the vocabulary only the second, the width only the first), plus
 * parameters, gradients and Adam's two moments (4 × 4 bytes per parameter, counted, not fitted).</li>
 * </ul>
 * With the CUDA backend active it also runs the paper's size itself (batch {@code gpuBatch}) and reports samples/s
 * and the GPU memory {@code nvidia-smi} sees for that JVM.
 */
public final class PaperStepBenchmark {
    /** One probed size: width divisor, crop side, vocabulary, samples per step. */
    public record Case(int scale, int crop, int vocab, int batch) {
        /** {@code scale:crop:vocab[:batch]}. */
        public static Case parse(String s) {
            String[] p = s.trim().split(":");
            if (p.length < 3 || p.length > 4) {
                throw new IllegalArgumentException("a size is scale:crop:vocab[:batch], e.g. 4:128:1024; got '" + s
                        + "'");
            }
            return new Case(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                    p.length == 4 ? Integer.parseInt(p[3]) : 1);
        }

        public ModelConfig config() {
            return PaperScale.reduced(scale).withVocab(vocab);
        }
    }

    public record Options(List<Case> cases, int warmup, int steps, int dvaeSize, int dvaeRepeat, int gpuBatch) {
    }

    /** One probe and its analytic cost. */
    public record Row(Case c, StepProbe.Result probe, StepCost cost, long gpuBytes) {
        /** Training FLOPs of the step: the samples' forward + backward and the optimiser update. */
        double stepFlops() {
            return c.batch() * cost.trainFlops() + StepCost.ADAM_FLOPS_PER_PARAM * (double) cost.params();
        }

        double gflops() {
            return stepFlops() / probe.medianSeconds() / 1e9;
        }

        double actBytes() {
            return 4.0 * c.batch() * (cost.activationElements() - cost.logitElements());
        }

        double logitBytes() {
            return 4.0 * c.batch() * cost.oneLogitsElements();
        }

        /**
         * Peak RSS during the steps less the RSS after {@code init()} and less the gradients and Adam's two moments
         * (3 × 4 bytes per parameter), which the first {@code fit} allocates: the part that grows with activations.
         */
        double rssGrowth() {
            return probe.rssPeak() - probe.rssAfterInit() - 12.0 * cost.params();
        }
    }

    /**
     * Memory model, fitted by least squares: {@code split} y = c + a·activation bytes + b·logits bytes, else
     * y = c + a·(activation + logits bytes); null coefficients where the sizes do not determine it.
     */
    public record MemoryFit(String what, boolean split, double[] beta, double maxRelResidual) {
        double at(double act, double logits) {
            return split ? beta[0] + beta[1] * act + beta[2] * logits : beta[0] + beta[1] * (act + logits);
        }

        String formula() {
            return split ? String.format(Locale.ROOT, "%.0f MB + %.2f x activations + %.2f x one logits tensor",
                    beta[0] / 1e6, beta[1], beta[2]) : String.format(Locale.ROOT, "%.0f MB + %.2f x (activations + one"
                    + " logits tensor)", beta[0] / 1e6, beta[1]);
        }
    }

    public record Report(List<Row> rows, MemoryFit workspace, MemoryFit rss, double dvaeSeconds, long dvaeMacs,
            Row gpuPaper) {
    }

    private PaperStepBenchmark() {
    }

    public static List<Case> defaultCases() {
        return List.of(Case.parse("4:128:1024"), Case.parse("4:192:1024"), Case.parse("4:256:1024"),
                Case.parse("4:192:8192"), Case.parse("1:96:8192"));
    }

    public static Report run(Options o, PrintStream out) throws IOException, InterruptedException {
        boolean gpu = !Nd4j.getEnvironment().isCPU();
        out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());
        out.printf(Locale.ROOT, "probing %d sizes, each in its own JVM, %d warm-up + %d timed steps (median), backend"
                + " %s%n", o.cases().size(), o.warmup(), o.steps(), gpu ? "CUDA" : "CPU");
        List<Row> rows = new ArrayList<>();
        for (Case c : o.cases()) {
            rows.add(probe(c, o, gpu));
            out.print(formatRow(rows.get(rows.size() - 1), rows.size() == 1));
        }
        Row paperRow = gpu ? probe(new Case(1, ModelConfig.paper().crop(), ModelConfig.paper().vocab(), o.gpuBatch()),
                o, true) : null;
        MemoryFit ws = fit("workspace", true, rows, r -> (double) r.probe().workspaceBytes());
        // RSS is too noisy to separate the logits (malloc keeps freed memory; the JVM heap grows): one slope
        MemoryFit rss = fit("RSS growth", false, rows, Row::rssGrowth);
        long dvaeMacs = DvaeCost.encoderMacs(DvaeEncoder.Config.dallE(), o.dvaeSize(), o.dvaeSize());
        double dvae = o.dvaeRepeat() > 0 ? timeDvae(o.dvaeSize(), o.dvaeRepeat()) : Double.NaN;
        Report r = new Report(rows, ws, rss, dvae, dvaeMacs, paperRow);
        out.print(formatPaper(r, o));
        out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
        return r;
    }

    private static Row probe(Case c, Options o, boolean gpu) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StepProbe.class.getName(),
                Integer.toString(c.scale()), Integer.toString(c.crop()), Integer.toString(c.vocab()),
                Integer.toString(c.batch()), Integer.toString(o.warmup()), Integer.toString(o.steps())));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        GpuMemoryPoller poller = gpu ? GpuMemoryPoller.start(p.pid()) : null;
        String text;
        try (InputStream in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int code = p.waitFor();
        long gpuBytes = poller == null ? -1 : poller.stop();
        String line = text.lines().filter(l -> l.startsWith("STEP ")).reduce((a, b) -> b).orElse(null);
        if (code != 0 || line == null) {
            throw new IOException("step probe " + c + " failed (exit " + code + "); its output ends:\n"
                    + text.substring(Math.max(0, text.length() - 2000)));
        }
        return new Row(c, StepProbe.Result.parse(line), StepCost.ofEncoder(c.config(), c.crop()), gpuBytes);
    }

    static MemoryFit fit(String what, boolean split, List<Row> rows, java.util.function.ToDoubleFunction<Row> y) {
        double[][] x = new double[rows.size()][];
        double[] v = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            x[i] = split ? new double[] {1, r.actBytes(), r.logitBytes()}
                    : new double[] {1, r.actBytes() + r.logitBytes()};
            v[i] = y.applyAsDouble(r);
        }
        try {
            double[] beta = LeastSquares.fit(x, v);
            double[] p = LeastSquares.predict(x, beta);
            double worst = 0;
            for (int i = 0; i < v.length; i++) {
                worst = Math.max(worst, Math.abs(p[i] - v[i]) / Math.abs(v[i]));
            }
            return new MemoryFit(what, split, beta, worst);
        } catch (IllegalArgumentException e) {
            return new MemoryFit(what, split, null, Double.NaN);
        }
    }

    /** Seconds of one full-dVAE encoder pass (n_hid 256, V 8192, random weights) on a size² input, median. */
    static double timeDvae(int size, int repeat) {
        DvaeEncoder enc = new DvaeEncoder(DvaeEncoder.Config.dallE(), DvaeCost.randomEncoderWeights(
                DvaeEncoder.Config.dallE(), 7));
        float[] x = new float[3 * size * size];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.1f + 0.8f * (float) r.nextDouble();
        }
        INDArray in = Nd4j.create(x, new long[] {1, 3, size, size}, 'c');
        double[] t = new double[repeat];
        for (int i = -1; i < repeat; i++) { // one warm-up pass
            long t0 = System.nanoTime();
            enc.tokens(in).close();
            Nd4j.getExecutioner().commit();
            if (i >= 0) {
                t[i] = (System.nanoTime() - t0) / 1e9;
            }
        }
        return StepProbe.median(t);
    }

    static String formatRow(Row r, boolean header) {
        StringBuilder b = new StringBuilder();
        if (header) {
            b.append(String.format(Locale.ROOT, "%5s %4s %5s %2s %7s %7s %7s %8s %7s %6s %7s %7s %6s %7s %6s %7s%n",
                    "scale", "crop", "V", "mb", "params", "GFLOP", "act MB", "logit MB", "step s", "cpu s",
                    "GFLOP/s", "ws MB", "ws/all", "rss+ MB", "rss+/a", "shapes"));
        }
        StepProbe.Result p = r.probe();
        double all = r.actBytes() + r.logitBytes();
        b.append(String.format(Locale.ROOT, "%5d %4d %5d %2d %6.1fM %7.1f %7.1f %8.1f %7.2f %6.2f %7.2f %7.1f %6.2f"
                + " %7.1f %6.2f %7s%n", r.c().scale(), r.c().crop(), r.c().vocab(), r.c().batch(),
                r.cost().params() / 1e6, r.stepFlops() / 1e9, r.actBytes() / 1e6, r.logitBytes() / 1e6,
                p.medianSeconds(), p.medianCpuSeconds(), r.gflops(), p.workspaceBytes() / 1e6,
                p.workspaceBytes() / all, r.rssGrowth() / 1e6, r.rssGrowth() / all,
                p.shapeMismatches() == 0 ? p.shapesChecked() + " ok" : p.shapeMismatches() + " bad"));
        return b.toString();
    }

    static String formatPaper(Report rep, Options o) {
        StringBuilder b = new StringBuilder();
        ModelConfig paper = ModelConfig.paper();
        StepCost pc = StepCost.ofEncoder(paper, paper.crop());
        double act = 4.0 * (pc.activationElements() - pc.logitElements());
        double logit = 4.0 * pc.oneLogitsElements();
        double state = 16.0 * pc.params();
        b.append(String.format(Locale.ROOT, "columns: GFLOP = analytic training FLOPs of the step; act/logit MB ="
                + " analytic activations kept for the backward pass (logits excluded) and one logits tensor; ws = DL4J"
                + " workspaces after the steps; rss+ = peak RSS during the steps minus RSS after init minus gradients"
                + " and Adam state (12 bytes per parameter, allocated by the first fit); ws/all and"
                + " rss+/a = those over act + one logits tensor; shapes = vertex outputs of a real forward pass whose"
                + " size equals the analytic one%n"));
        for (MemoryFit f : List.of(rep.workspace(), rep.rss())) {
            if (f.beta() == null) {
                b.append(String.format(Locale.ROOT, "fit %s: not determined by these sizes%n", f.what()));
            } else {
                b.append(String.format(Locale.ROOT, "fit %-10s = %s (worst residual %.0f%%)%n", f.what(), f.formula(),
                        100 * f.maxRelResidual()));
            }
        }
        Row ref = rep.rows().stream().min((x, y) -> x.c().scale() != y.c().scale()
                ? Integer.compare(x.c().scale(), y.c().scale()) : Double.compare(y.stepFlops(), x.stepFlops()))
                .orElseThrow();
        double g = ref.gflops();
        double gCpu = ref.stepFlops() / ref.probe().medianCpuSeconds() / 1e9;
        double perSample = pc.trainFlops();
        b.append(String.format(Locale.ROOT, "%npaper size (ResNet-%d v1c base %d, MLA %d x %d, hidden %d, V %d, K %d,"
                + " %dx%d crop), per sample:%n", paper.depth(), paper.baseWidth(), paper.mlaChannels(),
                paper.mlaDepth(), paper.hidden(), paper.vocab(), paper.numClasses(), paper.crop(), paper.crop()));
        b.append(String.format(Locale.ROOT, "  FLOPs: forward %.0f GFLOP, training step %.0f GFLOP (%s), + Adam %.1f"
                + " GFLOP per step; products %.1f%% of it%n", pc.forwardFlops() / 1e9, perSample / 1e9,
                parts(pc), StepCost.ADAM_FLOPS_PER_PARAM * (double) pc.params() / 1e9, 100 * pc.productShare()));
        b.append(String.format(Locale.ROOT, "  activations kept for backward: %.2f GB + logits %d x %.0f MB"
                + " (V x %d x %d floats each); parameters %.1f M -> weights, gradients, Adam m and v %.2f GB%n",
                act / 1e9, pc.logitElements() / pc.oneLogitsElements(), logit / 1e6, paper.tokenGrid(),
                paper.tokenGrid(), pc.params() / 1e6, state / 1e9));
        for (MemoryFit f : List.of(rep.workspace(), rep.rss())) {
            if (f.beta() != null) {
                b.append(String.format(Locale.ROOT, "  %-10s extrapolated: batch 1 %.1f GB, batch 2 %.1f GB; +"
                        + " weights/gradients/Adam %.2f GB%n", f.what(), f.at(act, logit) / 1e9,
                        f.at(2 * act, 2 * logit) / 1e9, state / 1e9));
            }
        }
        b.append(String.format(Locale.ROOT, "  step time on this machine: %.0f s per sample (%.0f GFLOP at %.2f GFLOP/s"
                + " measured at scale %d, crop %d, V %d); %.0f CPU-seconds per sample (%.2f GFLOP per CPU-second)%n",
                perSample / (g * 1e9), perSample / 1e9, g, ref.c().scale(), ref.c().crop(), ref.c().vocab(),
                perSample / (gCpu * 1e9), gCpu));
        long macs768 = DvaeCost.encoderMacs(DvaeEncoder.Config.dallE(), paper.crop(), paper.crop());
        if (!Double.isNaN(rep.dvaeSeconds())) {
            double gd = 2.0 * rep.dvaeMacs() / rep.dvaeSeconds() / 1e9;
            double tTok = 2.0 * macs768 / (gd * 1e9);
            double tStep = perSample / (g * 1e9);
            b.append(String.format(Locale.ROOT, "%nfull dVAE encoder (n_hid 256, V 8192): %.1f GMAC per %dx%d crop; measured"
                    + " %.2f s at %dx%d (%.1f GMAC) = %.1f GFLOP/s -> %.1f s per %d crop%n", macs768 / 1e9,
                    paper.crop(), paper.crop(), rep.dvaeSeconds(), o.dvaeSize(), o.dvaeSize(), rep.dvaeMacs() / 1e9,
                    gd, tTok, paper.crop()));
            b.append(String.format(Locale.ROOT, "online vs cached targets at the paper's size, step = encoder fwd+bwd"
                    + " (+ dVAE encode when online):%n  with this machine's measured rates: (%.0f + %.1f) / %.0f s ="
                    + " %.3fx%n", tStep, tTok, tStep, onlineSpeedup(perSample, g, macs768, gd)));
        }
        b.append(String.format(Locale.ROOT, "  at equal GFLOP/s for both networks: 1 + %.0f / %.0f GFLOP = %.2fx%n",
                2.0 * macs768 / 1e9, perSample / 1e9, onlineSpeedup(perSample, 1, macs768, 1)));
        if (rep.gpuPaper() != null) {
            Row p = rep.gpuPaper();
            b.append(String.format(Locale.ROOT, "%nGPU, paper size measured: batch %d, %.3f s per step = %.2f samples/s"
                    + " (%.1f TFLOP/s); GPU memory of the JVM (nvidia-smi peak) %.2f GB; DL4J workspaces %.2f GB;"
                    + " extrapolated workspaces %.2f GB%n", p.c().batch(), p.probe().medianSeconds(),
                    p.c().batch() / p.probe().medianSeconds(), p.gflops() / 1e3, p.gpuBytes() / 1e9,
                    p.probe().workspaceBytes() / 1e9, rep.workspace().beta() == null ? Double.NaN
                            : rep.workspace().at(p.c().batch() * act, p.c().batch() * logit) / 1e9));
        } else {
            b.append("GPU: not measured (the CPU backend is active; with the CUDA backend on a supported GPU this part"
                    + " also runs the paper's size and reports samples/s and GPU memory)\n");
        }
        return b.toString();
    }

    /**
     * Step time with online targets over step time with cached ones, per sample: (F/G + 2·M/G_tok) / (F/G), where
     * F = the encoder's training FLOPs and G the rate it runs at, M the tokenizer encoder's multiply-accumulates and
     * G_tok its rate (batch building and data loading, equal in both, are left out).
     */
    static double onlineSpeedup(double stepFlops, double stepGflops, double tokenizerMacs, double tokenizerGflops) {
        double step = stepFlops / stepGflops;
        return (step + 2.0 * tokenizerMacs / tokenizerGflops) / step;
    }

    private static String parts(StepCost c) {
        StringBuilder s = new StringBuilder();
        double all = c.trainFlops();
        for (Map.Entry<String, Double> e : c.trainFlopsByPart().entrySet()) {
            if (e.getValue() > 0) {
                s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f%%", e.getKey(),
                        100 * e.getValue() / all));
            }
        }
        return s.toString();
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2] + " (1/5/15 min)";
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
