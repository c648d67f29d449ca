package org.gss.bench.cost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.model.EncoderBatch;
import org.gss.model.GssEncoderModel;
import org.gss.model.ModelConfig;
import org.gss.model.optim.OptimConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times training steps ({@code ComputationGraph.fit} on one random minibatch, Adam) of the GSS encoder at one size in
 * this JVM and reports its memory: DL4J's workspaces (activations, gradients and SameDiff working memory all live in
 * them with {@code WorkspaceMode.ENABLED}), and the process RSS before the network exists, after {@code init()} and
 * at its peak during the steps. Run once per JVM ({@link #main}) so that peaks belong to one size.
 */
public final class StepProbe {
    /** What one probe measured. Memory in bytes; -1 where the OS did not say. */
    public record Result(int scale, int crop, int vocab, int batch, double[] seconds, double[] cpuSeconds,
            long workspaceBytes, long rssBaseline, long rssAfterInit, long rssPeak, boolean peakReset,
            String backend, int shapesChecked, int shapeMismatches) {
        public double medianSeconds() {
            return median(seconds);
        }

        /** Median process CPU time (all threads, user + system) of a timed step; NaN where /proc is missing. */
        public double medianCpuSeconds() {
            return median(cpuSeconds);
        }

        /** One line of {@code key=value} pairs (what {@link #parse} reads back). */
        public String line() {
            return String.format(Locale.ROOT, "STEP scale=%d crop=%d vocab=%d batch=%d seconds=%s cpu=%s workspace=%d"
                    + " rss0=%d rss1=%d rssPeak=%d peakReset=%b backend=%s shapes=%d mismatches=%d", scale, crop, vocab,
                    batch, join(seconds), join(cpuSeconds), workspaceBytes, rssBaseline, rssAfterInit, rssPeak,
                    peakReset, backend, shapesChecked, shapeMismatches);
        }

        public static Result parse(String line) {
            Map<String, String> m = new HashMap<>();
            for (String kv : line.substring(line.indexOf("STEP ") + 5).trim().split(" ")) {
                int i = kv.indexOf('=');
                m.put(kv.substring(0, i), kv.substring(i + 1));
            }
            return new Result(Integer.parseInt(m.get("scale")), Integer.parseInt(m.get("crop")),
                    Integer.parseInt(m.get("vocab")), Integer.parseInt(m.get("batch")), split(m.get("seconds")),
                    split(m.get("cpu")),
                    Long.parseLong(m.get("workspace")), Long.parseLong(m.get("rss0")), Long.parseLong(m.get("rss1")),
                    Long.parseLong(m.get("rssPeak")), Boolean.parseBoolean(m.get("peakReset")), m.get("backend"),
                    Integer.parseInt(m.get("shapes")), Integer.parseInt(m.get("mismatches")));
        }
    }

    private static String join(double[] v) {
        StringBuilder s = new StringBuilder();
        for (double d : v) {
            s.append(s.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", d));
        }
        return s.toString();
    }

    private static double[] split(String v) {
        return Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    private StepProbe() {
    }

    /** {@code StepProbe scale crop vocab batch warmup repeat}: prints one {@link Result#line()}. */
    public static void main(String[] a) {
        int scale = Integer.parseInt(a[0]);
        Result r = run(PaperScale.reduced(scale).withVocab(Integer.parseInt(a[2])), scale, Integer.parseInt(a[1]),
                Integer.parseInt(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]));
        System.out.println(r.line());
        System.out.flush();
    }

    /** {@code warmup} untimed then {@code repeat} timed steps on one fixed random minibatch. */
    public static Result run(ModelConfig cfg, int scale, int crop, int batch, int warmup, int repeat) {
        MultiDataSet mds = randomBatch(cfg, crop, batch, 17);
        Nd4j.getExecutioner().commit();
        long rss0 = status("VmRSS");
        ComputationGraph net = GssEncoderModel.build(cfg.withCrop(crop), OptimConfig.cityscapes(), DataType.FLOAT);
        long rss1 = status("VmRSS");
        boolean reset = resetPeak();
        double[] secs = new double[repeat];
        double[] cpu = new double[repeat];
        for (int i = 0; i < warmup + repeat; i++) {
            double c0 = cpuSeconds();
            long t0 = System.nanoTime();
            net.fit(mds);
            Nd4j.getExecutioner().commit(); // a GPU runs asynchronously: count the step's kernels, not their launch
            double dt = (System.nanoTime() - t0) / 1e9;
            if (i >= warmup) {
                secs[i - warmup] = dt;
                cpu[i - warmup] = cpuSeconds() - c0;
            }
        }
        long ws = 0;
        for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            ws += w.getCurrentSize();
        }
        String backend = Nd4j.getEnvironment().isCPU() ? "cpu" : "gpu";
        long peak = status("VmHWM");
        int[] shapes = checkShapes(net, mds.getFeatures(0), StepCost.ofEncoder(cfg, crop));
        return new Result(scale, crop, cfg.vocab(), batch, secs, cpu, ws, rss0, rss1, peak, reset, backend, shapes[0],
                shapes[1]);
    }

    /**
     * Cross-check of the analytic count: every vertex output of a real training-mode forward pass must have the
     * element count {@link StepCost} inferred for it. Returns {checked, mismatching} vertices.
     */
    static int[] checkShapes(ComputationGraph net, INDArray images, StepCost cost) {
        Map<String, INDArray> acts = net.feedForward(images, true);
        long mb = images.size(0);
        int checked = 0;
        int bad = 0;
        for (StepCost.Vertex v : cost.vertices()) {
            INDArray a = acts.get(v.name());
            if (a == null) {
                continue;
            }
            checked++;
            if (a.length() != mb * v.outElements()) {
                bad++;
                System.err.println("shape mismatch at " + v.name() + ": " + Arrays.toString(a.shape()) + " vs "
                        + v.outElements() + " elements per sample");
            }
        }
        return new int[] {checked, bad};
    }

    /** Random normalised images, uniform token ids (all patches labelled) and uniform pixel classes. */
    static MultiDataSet randomBatch(ModelConfig cfg, int crop, int batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int g = cfg.grid().cells(crop);
        float[] img = new float[batch * 3 * crop * crop];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) (r.nextDouble() * 2 - 1);
        }
        float[] tok = new float[batch * g * g];
        for (int i = 0; i < tok.length; i++) {
            tok[i] = r.nextInt(cfg.vocab());
        }
        float[] pix = new float[batch * crop * crop];
        for (int i = 0; i < pix.length; i++) {
            pix[i] = r.nextInt(cfg.numClasses());
        }
        EncoderBatch b = new EncoderBatch(Nd4j.create(img, new long[] {batch, 3, crop, crop}, 'c'),
                Nd4j.create(tok, new long[] {batch, g, g}, 'c'), Nd4j.zeros(DataType.FLOAT, batch, g, g),
                Nd4j.create(pix, new long[] {batch, crop, crop}, 'c'));
        return b.toMultiDataSet(cfg.vocab(), cfg.numClasses());
    }

    /** Linux: writing 5 to clear_refs resets this process's peak RSS (VmHWM) to the current RSS. */
    private static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** User + system CPU time of this process, all threads (Linux /proc/self/stat, 100 ticks/s); NaN elsewhere. */
    static double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A /proc/self/status field in bytes (kB in the file), -1 if unavailable. */
    static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
