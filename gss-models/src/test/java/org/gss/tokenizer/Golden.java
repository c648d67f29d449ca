package org.gss.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.gss.data.testing.SharedData;
import org.gss.io.NumpyArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Access to {@code testdata/dvae-golden} and the README's tolerance rule for comparing against it. */
final class Golden {
    /** README §6: |java − golden| ≤ ABS + REL·|golden|. */
    static final double ABS = 1e-5;
    static final double REL = 1e-4;

    private static final Map<String, DvaeWeights> WEIGHTS = new ConcurrentHashMap<>();

    private Golden() {
    }

    static Path file(String relative) {
        return SharedData.data("dvae-golden/" + relative);
    }

    static INDArray npy(String relative) {
        return NumpyArrays.readNpy(file(relative));
    }

    static Map<String, INDArray> npz(String relative) {
        return NumpyArrays.readNpz(file(relative));
    }

    /** The weights of one golden set ({@code tiny}, {@code tiny_bias}, {@code small}), loaded once. */
    static DvaeWeights weights(String set) {
        return WEIGHTS.computeIfAbsent(set,
                s -> DvaeWeights.load(file(s + "/encoder.npz"), file(s + "/decoder.npz")));
    }

    static DalleDvae dvae(String set) {
        return new DalleDvae(weights(set));
    }

    static DalleDvae dvae(String set, DvaeVariant variant) {
        DvaeWeights w = weights(set);
        return new DalleDvae(new DvaeEncoder(w.encoderConfig(), w.encoder(), variant),
                new DvaeDecoder(w.decoderConfig(), w.decoder(), variant));
    }

    /** C-ordered values as doubles. */
    static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').reshape(a.length()).toDoubleVector();
    }

    static long[] longs(INDArray a) {
        return a.castTo(DataType.LONG).dup('c').reshape(a.length()).toLongVector();
    }

    /** max over elements of |actual − golden| / (ABS + REL·|golden|): ≤ 1 passes the README's rule. */
    static double worstRatio(INDArray actual, INDArray golden) {
        assertArrayEquals(golden.shape(), actual.shape(), "shape");
        double[] a = values(actual);
        double[] g = values(golden);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double r = Math.abs(a[i] - g[i]) / (ABS + REL * Math.abs(g[i]));
            worst = Double.isNaN(r) ? Double.POSITIVE_INFINITY : Math.max(worst, r);
        }
        return worst;
    }

    static double maxAbsError(INDArray actual, INDArray golden) {
        assertArrayEquals(golden.shape(), actual.shape(), "shape");
        double[] a = values(actual);
        double[] g = values(golden);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - g[i]));
        }
        return worst;
    }

    static void assertClose(String what, INDArray actual, INDArray golden) {
        double ratio = worstRatio(actual, golden);
        assertTrue(ratio <= 1.0, () -> what + ": error exceeds tolerance, worst |err|/(1e-5+1e-4|g|) = " + ratio
                + ", max abs err " + maxAbsError(actual, golden));
    }

    static void assertSameIds(String what, INDArray actual, INDArray golden) {
        assertArrayEquals(golden.shape(), actual.shape(), what + " shape");
        assertArrayEquals(longs(golden), longs(actual), what);
    }
}
