package org.gss.bench.tokenizer;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.gss.tokenizer.DvaeEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Compute cost of the dVAE encoder and random weights with the reference initialisation (for benchmarks). */
public final class DvaeCost {
    private DvaeCost() {
    }

    /**
     * Multiply-accumulates of one encoder pass over an {@code h × w} input: Σ over convs of output pixels × C_out ×
     * C_in × k². The input conv runs at full resolution, group g at 1/2^(g−1), the output conv at 1/8.
     */
    public static long encoderMacs(DvaeEncoder.Config c, int h, int w) {
        long macs = 0;
        for (Map.Entry<String, long[]> e : c.stateDictShapes().entrySet()) {
            if (!e.getKey().endsWith(".w")) {
                continue;
            }
            long[] s = e.getValue();
            int down = downsampling(e.getKey());
            macs += (long) (h / down) * (w / down) * s[0] * s[1] * s[2] * s[3];
        }
        return macs;
    }

    private static int downsampling(String key) {
        if (key.startsWith("blocks.input")) {
            return 1;
        }
        if (key.startsWith("blocks.output")) {
            return 8;
        }
        int g = key.charAt("blocks.group_".length()) - '0';
        return 1 << (g - 1);
    }

    /** Weights like the reference init: w ~ N(0, 1/(C_in·k²)), b = 0; deterministic for the seed. */
    public static Map<String, INDArray> randomEncoderWeights(DvaeEncoder.Config c, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, INDArray> m = new TreeMap<>();
        for (Map.Entry<String, long[]> e : c.stateDictShapes().entrySet()) {
            long[] s = e.getValue();
            long n = 1;
            for (long d : s) {
                n *= d;
            }
            float[] v = new float[(int) n];
            if (e.getKey().endsWith(".w")) {
                double std = 1.0 / Math.sqrt(s[1] * s[2] * s[3]);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (gaussian(rnd) * std);
                }
            }
            m.put(e.getKey(), Nd4j.create(v, s, 'c').castTo(DataType.FLOAT));
        }
        return m;
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
