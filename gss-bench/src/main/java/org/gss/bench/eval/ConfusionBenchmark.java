package org.gss.bench.eval;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gss.data.image.LabelMap;
import org.gss.data.synth.ClassRoles;
import org.gss.data.synth.DomainStyle;
import org.gss.data.synth.SceneSettings;
import org.gss.data.synth.SyntheticScene;
import org.gss.eval.ConfusionMatrix;
import org.gss.io.NpyWriter;

/**
 * {@code gss bench metrics}: pixels per second per core of the confusion accumulation kernel
 * ({@link ConfusionMatrix#accumulateRaw}, one thread) on realistic label maps and on random pixels, next to numpy on
 * the same bytes in the same run: plain {@code bincount(gt*K+pred)} and the FCN/mmseg-style {@code fast_hist}
 * (mask of valid ground truth, index, bincount). Each measurement: warm-up passes, then repeated passes over all
 * images, median time. Both sides' confusion counts are compared, so the speed is of a correct kernel.
 *
 * <p>Realistic data: synthetic street scenes (Cityscapes roles, K classes, 5% unlabeled = 255 in the ground truth);
 * the prediction is the scene's full label map shifted by a few pixels (errors along boundaries, as a real model
 * makes them). Random data: independent uniform ids 0..K-1, 5% of the ground truth set to 255.
 */
public final class ConfusionBenchmark {
    /** numpy side, fed the same .npy files; prints one JSON-ish line per measurement and the valid-pixel histogram. */
    static final String NUMPY_SCRIPT = """
            import sys, time
            import numpy as np
            gt = np.load(sys.argv[1]); pred = np.load(sys.argv[2])
            K = int(sys.argv[3]); warm = int(sys.argv[4]); reps = int(sys.argv[5])
            def plain():
                for g, p in zip(gt, pred):
                    np.bincount(g.astype(np.intp) * K + p, minlength=K * K)
            def fast_hist():
                h = np.zeros(K * K, dtype=np.int64)
                for g, p in zip(gt, pred):
                    k = g < K
                    h += np.bincount(K * g[k].astype(np.intp) + p[k], minlength=K * K)
                return h
            for name, fn in (("plain", plain), ("fast_hist", fast_hist)):
                for _ in range(warm):
                    fn()
                ts = []
                for _ in range(reps):
                    t0 = time.perf_counter(); fn(); ts.append(time.perf_counter() - t0)
                print("numpy %s median_s=%.9f" % (name, sorted(ts)[len(ts) // 2]))
            print("numpy version=%s" % np.__version__)
            print("numpy hist=" + ",".join(str(int(v)) for v in fast_hist()))
            """;

    /** Benchmark parameters; {@code python} empty = no numpy side. */
    public record Options(int width, int height, int classes, int images, int warmup, int repeats, String python,
            long seed) {
        public Options {
            if (width < 16 || height < 16 || classes < 2 || classes > 254 || images < 1 || warmup < 0 || repeats < 1) {
                throw new IllegalArgumentException("bench metrics: need size >= 16x16, 2..254 classes, >= 1 image,"
                        + " >= 1 repeat");
            }
        }

        public long pixels() {
            return (long) width * height * images;
        }
    }

    /** One row of the table: implementation on a data set, median seconds per pass, pixels per second. */
    public record Row(String data, String impl, double medianSeconds, double pixelsPerSecond) {
    }

    /** Every row, and per data set whether numpy's histogram equalled the kernel's counts (null: numpy not run). */
    public record Report(List<Row> rows, Map<String, Boolean> countsAgree, String numpyNote) {
        public Row row(String data, String impl) {
            return rows.stream().filter(r -> r.data().equals(data) && r.impl().equals(impl)).findFirst().orElse(null);
        }
    }

    private ConfusionBenchmark() {
    }

    /** Realistic pairs: (ground truth with 255s, prediction = full labels shifted by (dx, dy)). */
    static byte[][][] scenes(Options o) {
        byte[][][] out = new byte[2][o.images()][];
        SceneSettings settings = new SceneSettings(o.width(), o.height(), ClassRoles.cityscapes(o.classes()), 0.05,
                DomainStyle.NEUTRAL);
        for (int i = 0; i < o.images(); i++) {
            SyntheticScene.Sample s = SyntheticScene.render(settings, o.seed() + i);
            out[0][i] = s.labels().ids();
            out[1][i] = shift(s.fullLabels(), 3 + i % 3, 2);
        }
        return out;
    }

    private static byte[] shift(LabelMap m, int dx, int dy) {
        int w = m.width();
        int h = m.height();
        byte[] src = m.ids();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(h - 1, Math.max(0, y - dy));
            for (int x = 0; x < w; x++) {
                out[y * w + x] = src[sy * w + Math.min(w - 1, Math.max(0, x - dx))];
            }
        }
        return out;
    }

    static byte[][][] random(Options o) {
        SplittableRandom r = new SplittableRandom(o.seed());
        int n = o.width() * o.height();
        byte[][][] out = new byte[2][o.images()][n];
        for (int i = 0; i < o.images(); i++) {
            for (int p = 0; p < n; p++) {
                out[0][i][p] = (byte) (r.nextInt(100) < 5 ? 255 : r.nextInt(o.classes()));
                out[1][i][p] = (byte) r.nextInt(o.classes());
            }
        }
        return out;
    }

    public static Report run(Options o, PrintStream log) {
        List<Row> rows = new ArrayList<>();
        Map<String, Boolean> agree = new LinkedHashMap<>();
        String note = null;
        Map<String, byte[][][]> data = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        data.put("scenes", scenes(o));
        data.put("random", random(o));
        log.printf(Locale.ROOT, "bench metrics: %d images of %dx%d per data set, K=%d; data made in %.1f s%n",
                o.images(), o.width(), o.height(), o.classes(), (System.nanoTime() - t0) / 1e9);
        for (Map.Entry<String, byte[][][]> e : data.entrySet()) {
            byte[][] gt = e.getValue()[0];
            byte[][] pred = e.getValue()[1];
            long[] counts = new long[ConfusionMatrix.rawLength(o.classes())];
            double java = median(o, () -> {
                Arrays.fill(counts, 0);
                for (int i = 0; i < gt.length; i++) {
                    ConfusionMatrix.accumulateRaw(gt[i], pred[i], gt[i].length, o.classes(), counts);
                }
            });
            rows.add(new Row(e.getKey(), "java accumulateRaw", java, o.pixels() / java));
            if (!o.python().isEmpty()) {
                NumpyResult np = numpy(o, gt, pred);
                if (np.error() != null) {
                    note = np.error();
                } else {
                    note = "numpy " + np.version();
                    np.medians().forEach((impl, s) -> rows.add(new Row(e.getKey(), "numpy " + impl, s, o.pixels() / s)));
                    agree.put(e.getKey(), Arrays.equals(np.hist(), square(counts, o.classes())));
                }
            }
        }
        return new Report(rows, agree, note);
    }

    /** The K×K part of the kernel's K×(K+1) counts (pixels predicted 255 are in the last column). */
    static long[] square(long[] raw, int k) {
        long[] out = new long[k * k];
        for (int g = 0; g < k; g++) {
            System.arraycopy(raw, g * (k + 1), out, g * k, k);
        }
        return out;
    }

    private static double median(Options o, Runnable pass) {
        for (int i = 0; i < o.warmup(); i++) {
            pass.run();
        }
        double[] t = new double[o.repeats()];
        for (int i = 0; i < o.repeats(); i++) {
            long s = System.nanoTime();
            pass.run();
            t[i] = (System.nanoTime() - s) / 1e9;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    record NumpyResult(Map<String, Double> medians, long[] hist, String version, String error) {
    }

    static NumpyResult numpy(Options o, byte[][] gt, byte[][] pred) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("gss-bench-");
            Path g = tmp.resolve("gt.npy");
            Path p = tmp.resolve("pred.npy");
            writeNpy(g, gt);
            writeNpy(p, pred);
            ProcessBuilder pb = new ProcessBuilder(o.python(), "-c", NUMPY_SCRIPT, g.toString(), p.toString(),
                    String.valueOf(o.classes()), String.valueOf(o.warmup()), String.valueOf(o.repeats()));
            // this machine's OpenBLAS tuning variables break some numpy builds; they are irrelevant to bincount
            pb.environment().remove("OPENBLAS_CORETYPE");
            pb.environment().remove("OPENBLAS_L2_SIZE");
            pb.redirectErrorStream(true);
            Process proc = pb.start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(10, TimeUnit.MINUTES) || proc.exitValue() != 0) {
                return new NumpyResult(Map.of(), null, null, "numpy baseline failed (" + o.python() + "): "
                        + out.strip().lines().reduce((a, b) -> b).orElse("no output"));
            }
            Map<String, Double> medians = new LinkedHashMap<>();
            Matcher m = Pattern.compile("numpy (\\S+) median_s=([0-9.eE+-]+)").matcher(out);
            while (m.find()) {
                medians.put(m.group(1).equals("plain") ? "bincount(gt*K+pred)" : "fast_hist (mask+index+bincount)",
                        Double.parseDouble(m.group(2)));
            }
            Matcher v = Pattern.compile("numpy version=(\\S+)").matcher(out);
            Matcher h = Pattern.compile("numpy hist=([0-9,]+)").matcher(out);
            if (medians.size() != 2 || !v.find() || !h.find()) {
                return new NumpyResult(Map.of(), null, null, "numpy baseline gave unexpected output: " + out.strip());
            }
            long[] hist = Arrays.stream(h.group(1).split(",")).mapToLong(Long::parseLong).toArray();
            return new NumpyResult(medians, hist, v.group(1), null);
        } catch (IOException e) {
            return new NumpyResult(Map.of(), null, null, "numpy baseline could not run " + o.python() + ": "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NumpyResult(Map.of(), null, null, "interrupted");
        } finally {
            deleteTempDir(tmp);
        }
    }

    /** A uint8 array of shape (rows, n) in numpy's .npy format (version 1.0). */
    static void writeNpy(Path file, byte[][] rows) throws IOException {
        int n = rows[0].length;
        byte[] all = new byte[rows.length * n];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, all, i * n, n);
        }
        Files.write(file, NpyWriter.uint8(all, rows.length, n));
    }

    private static void deleteTempDir(Path dir) {
        if (dir == null) {
            return;
        }
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table as printed by the command, with ratios of the kernel over each numpy variant. */
    public static String format(Options o, Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s %-38s %12s %14s%n", "data", "implementation", "median ms",
                "Mpixel/s/core"));
        for (Row row : r.rows()) {
            sb.append(String.format(Locale.ROOT, "%-8s %-38s %12.2f %14.1f%n", row.data(), row.impl(),
                    row.medianSeconds() * 1e3, row.pixelsPerSecond() / 1e6));
        }
        for (String data : List.of("scenes", "random")) {
            Row java = r.row(data, "java accumulateRaw");
            for (Row row : r.rows()) {
                if (row.data().equals(data) && row.impl().startsWith("numpy")) {
                    double ratio = java.pixelsPerSecond() / row.pixelsPerSecond();
                    sb.append(String.format(Locale.ROOT, "ratio %-7s java / %-38s %6.1fx %s%n", data, row.impl(), ratio,
                            ratio >= 5 ? "(target >= 5x met)" : "(below the 5x target)"));
                }
            }
            Boolean agree = r.countsAgree().get(data);
            if (agree != null) {
                sb.append("counts  ").append(data).append(": ")
                        .append(agree ? "kernel and numpy fast_hist agree on every cell" : "MISMATCH with numpy")
                        .append('\n');
            }
        }
        if (r.numpyNote() != null) {
            sb.append(r.numpyNote()).append('\n');
        }
        return sb.toString();
    }
}
