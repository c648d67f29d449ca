package org.gss.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The {@link Tokenizer} contract of {@link DalleDvae}: shapes, types, ranges and input checks. */
class DalleDvaeTest {
    private final DalleDvae tiny = Golden.dvae("tiny");

    @Test
    void describesItself() {
        Tokenizer t = tiny;
        assertEquals(64, t.vocabularySize());
        assertEquals(8, t.downsampleFactor());
        assertEquals(512, Golden.dvae("small").vocabularySize());
    }

    @Test
    void encodeGivesIntTokensOnTheEighthResolutionGrid() {
        INDArray maskige = Golden.npy("maskige_ns.npy"); // [1, 3, 48, 80]
        INDArray tokens = tiny.encode(maskige);
        assertEquals(DataType.INT, tokens.dataType());
        assertArrayEquals(new long[] {1, 6, 10}, tokens.shape());
        assertTrue(tokens.minNumber().intValue() >= 0 && tokens.maxNumber().intValue() < 64);
        // the logits' argmax is the token
        assertEquals(Nd4j.argMax(tiny.encoderLogits(maskige), 1).castTo(DataType.INT), tokens);
    }

    @Test
    void decodeRgbIsInUnitRangeAndAcceptsIntOrLongTokens() {
        INDArray tokens = Golden.npy("tiny/rand_tokens.npy"); // int64 [1, 8, 8]
        INDArray rgb = tiny.decodeRgb(tokens);
        assertArrayEquals(new long[] {1, 3, 64, 64}, rgb.shape());
        assertEquals(DataType.FLOAT, rgb.dataType());
        assertTrue(rgb.minNumber().doubleValue() >= 0 && rgb.maxNumber().doubleValue() <= 1);
        assertEquals(rgb, tiny.decodeRgb(tokens.castTo(DataType.INT)));
        assertArrayEquals(new long[] {1, 6, 64, 64}, tiny.decoderOutput(tokens).shape());
    }

    @Test
    void unmapClampsLikeTheReference() {
        INDArray y = Nd4j.createFromArray(new float[] {0f, 0.05f, 0.1f, 0.5f, 0.9f, 0.95f, 1f});
        assertArrayEquals(new float[] {0f, 0f, 0f, 0.5f, 1f, 1f, 1f}, PixelMapping.unmap(y).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {0.1f, 0.5f, 0.9f},
                PixelMapping.map(Nd4j.createFromArray(new float[] {0f, 0.5f, 1f})).toFloatVector(), 1e-7f);
    }

    @Test
    void rejectsInputsTheModelCannotTake() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny.encode(Nd4j.zeros(DataType.FLOAT, 1, 3, 60, 64)));
        assertTrue(e.getMessage().contains("multiples of 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tiny.encode(Nd4j.zeros(DataType.FLOAT, 1, 4, 64, 64)));
        assertThrows(IllegalArgumentException.class, () -> tiny.encode(Nd4j.zeros(DataType.INT, 1, 3, 64, 64)));

        INDArray bad = Nd4j.zeros(DataType.INT, 1, 2, 2);
        bad.putScalar(new long[] {0, 1, 0}, 64);
        e = assertThrows(IllegalArgumentException.class, () -> tiny.decodeRgb(bad));
        assertTrue(e.getMessage().contains("token 64 at flat index 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tiny.decodeRgb(Nd4j.zeros(DataType.FLOAT, 1, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> tiny.decodeRgb(Nd4j.zeros(DataType.INT, 2, 2)));
    }

    @Test
    void oneInstanceServesConcurrentCallers() throws Exception {
        DalleDvae small = Golden.dvae("small");
        INDArray maskige = Golden.npy("maskige.npy");
        INDArray expected = Golden.npy("small/tokens.npy").castTo(DataType.INT);
        INDArray randTokens = Golden.npy("small/rand_tokens.npy");
        INDArray expectedOut = Golden.npy("small/dec_out_rand.npy");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                boolean encode = i % 2 == 0;
                results.add(pool.submit(() -> encode
                        ? small.encode(maskige).equals(expected)
                        : Golden.worstRatio(small.decoderOutput(randTokens), expectedOut) <= 1));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void mismatchedHalvesAreRejected() {
        DvaeWeights t = Golden.weights("tiny");
        DvaeWeights s = Golden.weights("small");
        assertThrows(IllegalArgumentException.class,
                () -> new DalleDvae(t.buildEncoder(), s.buildDecoder()));
    }
}
