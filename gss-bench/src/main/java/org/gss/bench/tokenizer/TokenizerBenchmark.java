package org.gss.bench.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.gss.config.GssConfig;
import org.gss.io.NpyWriter;
import org.gss.io.NpzWriter;
import org.gss.tokenizer.DvaeEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code gss bench tokenizer}: dVAE encoder throughput (images/s, GFLOP/s, share of the machine's peak) for the small
 * and the full configuration at 256² and 512², side by side with a PyTorch implementation of the same network on the
 * same weights, input and thread count, measured in the same run. Weights are random (reference initialisation):
 * speed does not depend on their values.
 */
public final class TokenizerBenchmark {
    public record Case(String name, DvaeEncoder.Config config, int size) {
    }

    public record Row(Case c, double javaSeconds, double torchSeconds, boolean sameTokens, long macs) {
        double gflops(double seconds) {
            return 2.0 * macs / seconds / 1e9;
        }
    }

    private final int threads;
    private final int warmup;
    private final int repeats;
    private final String python;
    private final Path script;
    private final PrintStream out;

    public TokenizerBenchmark(int threads, int warmup, int repeats, String python, Path script, PrintStream out) {
        this.threads = threads;
        this.warmup = warmup;
        this.repeats = repeats;
        this.python = python;
        this.script = script;
        this.out = out;
    }

    /** Standalone: {@code TokenizerBenchmark [threads] [warmup] [repeats] [python] [script]}. */
    public static void main(String[] a) throws Exception {
        int threads = a.length > 0 ? Integer.parseInt(a[0]) : Runtime.getRuntime().availableProcessors();
        new TokenizerBenchmark(threads, a.length > 1 ? Integer.parseInt(a[1]) : 4, a.length > 2 ? Integer.parseInt(a[2]) : 5,
                a.length > 3 ? a[3] : "/usr/bin/python3", Path.of(a.length > 4 ? a[4] : "tools/bench/dvae_encoder_torch.py"),
                System.out).run(defaultCases());
    }

    public static List<Case> defaultCases() {
        DvaeEncoder.Config small = new DvaeEncoder.Config(32, 2, 3, 512);
        DvaeEncoder.Config full = DvaeEncoder.Config.dallE();
        return List.of(new Case("small", small, 256), new Case("small", small, 512), new Case("full", full, 256),
                new Case("full", full, 512));
    }

    public List<Row> run(List<Case> cases) throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("gss-bench-tokenizer");
        List<Row> rows = new ArrayList<>();
        try {
            out.printf(Locale.ROOT, "dVAE encoder, %d thread(s), %d warm-up + %d timed passes, median; peak %s%n", threads,
                    warmup, repeats, MachinePeak.describe(threads));
            out.printf(Locale.ROOT, "%-6s %5s %10s %9s %9s %7s | %10s %9s | %9s %s%n", "config", "size", "java s",
                    "img/s", "GFLOP/s", "peak%", "torch s", "GFLOP/s", "torch/java", "tokens");
            DvaeEncoder.Config loaded = null;
            DvaeEncoder encoder = null;
            Path weights = tmp.resolve("encoder.npz");
            for (Case c : cases) {
                if (!c.config().equals(loaded)) {
                    Map<String, INDArray> w = DvaeCost.randomEncoderWeights(c.config(), 7);
                    encoder = new DvaeEncoder(c.config(), w);
                    if (script != null) {
                        NpzWriter.writeFloat32(weights, w);
                    }
                    loaded = c.config();
                }
                Row r = measure(encoder, c, weights, tmp);
                rows.add(r);
                print(r);
            }
            out.printf(Locale.ROOT, "peak RSS of this JVM (heap + off-heap): %.2f GB%n", peakRssBytes() / 1e9);
        } finally {
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return rows;
    }

    private Row measure(DvaeEncoder encoder, Case c, Path weights, Path tmp) throws IOException, InterruptedException {
        int s = c.size();
        float[] x = new float[3 * s * s];
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.1f + 0.8f * (float) rnd.nextDouble();
        }
        INDArray input = Nd4j.create(x, new long[] {1, 3, s, s}, 'c');
        double[] times = new double[repeats];
        INDArray tokens = null;
        for (int i = 0; i < warmup + repeats; i++) {
            if (tokens != null) {
                tokens.close();
            }
            long t0 = System.nanoTime();
            tokens = encoder.tokens(input);
            double dt = (System.nanoTime() - t0) / 1e9;
            if (i >= warmup) {
                times[i - warmup] = dt;
            }
        }
        String javaSha = sha(tokens);
        tokens.close();
        double torch = Double.NaN;
        boolean same = false;
        if (script != null) {
            Path in = tmp.resolve("input.npy");
            Files.write(in, NpyWriter.float32(x, 1, 3, s, s));
            JsonNode j = runTorch(weights, in);
            torch = j.get("median").asDouble();
            same = j.get("tokens_sha").asText().equals(javaSha);
        }
        input.close();
        return new Row(c, median(times), torch, same, DvaeCost.encoderMacs(c.config(), s, s));
    }

    private JsonNode runTorch(Path weights, Path input) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), weights.toString(), input.toString(),
                Integer.toString(threads), Integer.toString(warmup), Integer.toString(repeats));
        // the machine may pin OpenBLAS to an old core type for numpy's sake; torch uses its own kernels
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove("OPENBLAS_L2_SIZE");
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("PyTorch baseline failed (" + python + " " + script + "):\n" + text);
        }
        String last = text.strip().lines().reduce((a, b) -> b).orElse("");
        return new ObjectMapper().readTree(last);
    }

    private void print(Row r) {
        double peak = MachinePeak.gflops(threads);
        out.printf(Locale.ROOT, "%-6s %5d %10.3f %9.2f %9.1f %6.1f%% | %10.3f %9.1f | %9.2f %s%n", r.c().name(),
                r.c().size(), r.javaSeconds(), 1 / r.javaSeconds(), r.gflops(r.javaSeconds()),
                100 * r.gflops(r.javaSeconds()) / peak, r.torchSeconds(),
                Double.isNaN(r.torchSeconds()) ? Double.NaN : r.gflops(r.torchSeconds()),
                r.torchSeconds() / r.javaSeconds(), Double.isNaN(r.torchSeconds()) ? "n/a"
                        : r.sameTokens() ? "equal" : "differ");
    }

    static String sha(INDArray tokens) {
        int[] v = tokens.castTo(DataType.INT32).dup('c').data().asInt();
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        return GssConfig.sha256Bytes(b.array());
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
