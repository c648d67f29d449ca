package org.gss.tokenizer.vq;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.gss.data.image.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trainable tensors of a {@link VqConfig}, named like DALL-E's state dicts with an {@code encoder.} or
 * {@code decoder.} prefix, plus {@code codebook} [K, D].
 *
 * <p>Two layouts: the <em>file</em> layout stores conv weights OIHW as PyTorch does (what a checkpoint holds); the
 * <em>graph</em> layout stores them [kh, kw, in, out] (YXIO), which SameDiff's NHWC conv2d takes without a reorder.
 * The decoder differs from DALL-E's at both ends: its input conv acts on the D-dimensional code vector
 * ({@code [8n, D, 1, 1]}) rather than on a one-hot token, and its output conv has 3 channels (no log-scales).
 */
final class VqParameters {
    static final String CODEBOOK = "codebook";
    static final String ENCODER = "encoder.";
    static final String DECODER = "decoder.";

    private VqParameters() {
    }

    /** Every trainable conv tensor in file (OIHW) layout, encoder first, in DALL-E's registration order. */
    static Map<String, long[]> fileShapes(VqConfig cfg) {
        Map<String, long[]> out = new LinkedHashMap<>();
        cfg.encoderConfig().stateDictShapes().forEach((k, v) -> out.put(ENCODER + k, v));
        cfg.decoderConfig().stateDictShapes().forEach((k, v) -> {
            long[] shape = switch (k) {
                case "blocks.input.w" -> new long[] {cfg.decoderInit(), cfg.embeddingDim(), 1, 1};
                case "blocks.output.conv.w" -> new long[] {3, cfg.hidden(), 1, 1};
                case "blocks.output.conv.b" -> new long[] {3};
                default -> v;
            };
            out.put(DECODER + k, shape);
        });
        return out;
    }

    /**
     * DALL-E's initialisation in file layout: weights ~ N(0, 1/(in·kh·kw)), biases 0; deterministic for the seed
     * (Java's SplittableRandom, independent of ND4J's RNG and thread count).
     */
    static Map<String, INDArray> initialFile(VqConfig cfg, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : fileShapes(cfg).entrySet()) {
            long[] s = e.getValue();
            int n = (int) Arrays.stream(s).reduce(1, (a, b) -> a * b);
            float[] v = new float[n];
            if (s.length == 4) {
                double std = 1.0 / Math.sqrt((double) s[1] * s[2] * s[3]);
                for (int i = 0; i < n; i++) {
                    v[i] = (float) (std * gaussian(rng));
                }
            }
            out.put(e.getKey(), Nd4j.create(v, s, 'c'));
        }
        return out;
    }

    /** File layout → graph layout (conv weights OIHW → YXIO), as new C-ordered arrays of type {@code dt}. */
    static Map<String, INDArray> toGraph(Map<String, INDArray> file, DataType dt) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        file.forEach((k, v) -> out.put(k, (v.rank() == 4 ? v.permute(2, 3, 1, 0) : v).castTo(dt).dup('c')));
        return out;
    }

    /** Graph layout → file layout, float32. */
    static Map<String, INDArray> toFile(Map<String, INDArray> graph) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        graph.forEach((k, v) -> out.put(k, (v.rank() == 4 ? v.permute(3, 2, 0, 1) : v).castTo(DataType.FLOAT)
                .dup('c')));
        return out;
    }

    /** Fails naming {@code source} if a tensor is missing, extra or misshapen (codebook included). */
    static void check(VqConfig cfg, Map<String, INDArray> file, String source) {
        Map<String, long[]> expected = new LinkedHashMap<>(fileShapes(cfg));
        expected.put(CODEBOOK, new long[] {cfg.codebookSize(), cfg.embeddingDim()});
        StringBuilder problems = new StringBuilder();
        expected.forEach((k, shape) -> {
            INDArray a = file.get(k);
            if (a == null) {
                problems.append("; missing tensor '").append(k).append('\'');
            } else if (!Arrays.equals(a.shape(), shape)) {
                problems.append("; tensor '").append(k).append("' has shape ").append(Arrays.toString(a.shape()))
                        .append(", expected ").append(Arrays.toString(shape));
            }
        });
        file.keySet().stream().filter(k -> !expected.containsKey(k))
                .forEach(k -> problems.append("; unexpected tensor '").append(k).append('\''));
        if (problems.length() > 0) {
            throw new BadInputException(source, problems.substring(2) + " [for " + cfg + "]");
        }
    }

    /** Entries of {@code all} whose key starts with {@code prefix}, with the prefix removed. */
    static Map<String, INDArray> strip(Map<String, INDArray> all, String prefix) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    static double gaussian(SplittableRandom rng) {
        // Box-Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default, which is
        // implementation-defined; this keeps initialisation identical on every JVM.
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
