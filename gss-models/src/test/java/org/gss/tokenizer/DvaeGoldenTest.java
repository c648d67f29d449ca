package org.gss.tokenizer;

import static org.gss.tokenizer.Golden.assertClose;
import static org.gss.tokenizer.Golden.assertSameIds;
import static org.gss.tokenizer.Golden.npy;
import static org.gss.tokenizer.Golden.npz;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Parity of the ND4J dVAE with the reference PyTorch outputs in testdata/dvae-golden (README §4, §6). */
class DvaeGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "tiny_bias", "small"})
    void encoderLogitsAndTokensMatch(String set) {
        DalleDvae dvae = Golden.dvae(set);
        INDArray x = npy("x.npy");
        assertClose(set + " enc_logits", dvae.encoder().logits(x), npy(set + "/enc_logits.npy"));
        INDArray tokens = dvae.encoder().tokens(x);
        assertEquals(DataType.INT, tokens.dataType());
        assertSameIds(set + " tokens", tokens, npy(set + "/tokens.npy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "tiny_bias", "small"})
    void tokenizerEncodesTheMaskigeItself(String set) {
        DalleDvae dvae = Golden.dvae(set);
        assertSameIds(set + " encode(maskige)", dvae.encode(npy("maskige.npy")), npy(set + "/tokens.npy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "tiny_bias"})
    void nonSquareEncoderMatches(String set) {
        DalleDvae dvae = Golden.dvae(set);
        assertClose(set + " enc_logits_ns", dvae.encoder().logits(npy("x_ns.npy")), npy(set + "/enc_logits_ns.npy"));
        INDArray tokens = dvae.encode(npy("maskige_ns.npy"));
        assertArrayEquals(new long[] {1, 6, 10}, tokens.shape());
        assertSameIds(set + " tokens_ns", tokens, npy(set + "/tokens_ns.npy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "tiny_bias", "small"})
    void decoderOutputMatchesForGoldenAndRandomTokens(String set) {
        DalleDvae dvae = Golden.dvae(set);
        assertClose(set + " dec_out", dvae.decoderOutput(npy(set + "/tokens.npy")), npy(set + "/dec_out.npy"));
        assertClose(set + " dec_out_rand", dvae.decoderOutput(npy(set + "/rand_tokens.npy")),
                npy(set + "/dec_out_rand.npy"));
    }

    @Test
    void nonSquareDecoderMatches() {
        DalleDvae dvae = Golden.dvae("tiny");
        INDArray tokens = npy("tiny/tokens_ns.npy");
        assertClose("tiny dec_out_ns", dvae.decoderOutput(tokens), npy("tiny/dec_out_ns.npy"));
        assertClose("tiny dec_rgb_ns", dvae.decodeRgb(tokens), npy("tiny/dec_rgb_ns.npy"));
    }

    @Test
    void decodedRgbAndRecoveredLabelsMatch() {
        DalleDvae dvae = Golden.dvae("tiny");
        INDArray rgb = dvae.decodeRgb(npy("tiny/tokens.npy"));
        assertClose("tiny dec_rgb", rgb, npy("tiny/dec_rgb.npy"));
        assertSameIds("tiny recon_labels", nearestPaletteColour(rgb, npy("palette.npy")),
                npy("tiny/recon_labels.npy"));
    }

    @Test
    void mapPixelsReproducesTheEncoderInputBitForBit() {
        INDArray mapped = PixelMapping.map(npy("maskige.npy"));
        assertEquals(npy("x.npy"), mapped);
        assertEquals(npy("x_ns.npy"), PixelMapping.map(npy("maskige_ns.npy")));
    }

    @Test
    void encoderIntermediatesMatchPerStage() {
        DalleDvae dvae = Golden.dvae("tiny");
        Map<String, INDArray> golden = npz("tiny/enc_intermediates.npz");
        Map<String, INDArray> seen = new LinkedHashMap<>();
        DvaeEncoder enc = dvae.encoder();
        INDArray x0 = npy("x.npy").get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1));
        enc.forward(enc.toNhwc(x0), (stage, nchw) -> seen.put(stage, nchw.dup('c')));
        assertEquals(golden.keySet(), seen.keySet());
        for (String stage : golden.keySet()) {
            assertClose("tiny encoder " + stage, seen.get(stage), golden.get(stage));
        }
    }

    @Test
    void decoderIntermediatesMatchAndInputGatherIsExact() {
        DalleDvae dvae = Golden.dvae("tiny");
        Map<String, INDArray> golden = npz("tiny/dec_intermediates.npz");
        Map<String, INDArray> seen = new LinkedHashMap<>();
        INDArray t0 = npy("tiny/tokens.npy").get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1));
        dvae.decoder().forward(t0, (stage, nchw) -> seen.put(stage, nchw.dup('c')));
        assertEquals(golden.get("blocks.input"), seen.get("blocks.input"), "gather must equal the one-hot conv");
        for (String stage : golden.keySet()) {
            assertClose("tiny decoder " + stage, seen.get(stage), golden.get(stage));
        }
    }

    /** Test-local stand-in for the FF inverse: argmin over palette rows of the squared L2 distance in 0..255 space. */
    static INDArray nearestPaletteColour(INDArray rgb01Nchw, INDArray palette) {
        long n = rgb01Nchw.size(0);
        long h = rgb01Nchw.size(2);
        long w = rgb01Nchw.size(3);
        double[] v = Golden.values(rgb01Nchw);
        long[] pal = Golden.longs(palette);
        int k = (int) palette.size(0);
        long[] labels = new long[(int) (n * h * w)];
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < h * w; p++) {
                double best = Double.POSITIVE_INFINITY;
                int arg = 0;
                for (int c = 0; c < k; c++) {
                    double d = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        // float32 like the reference: rgb·255 is a float32 tensor
                        float x255 = (float) v[(int) ((b * 3 + ch) * h * w + p)] * 255f;
                        double diff = x255 - pal[c * 3 + ch];
                        d += diff * diff;
                    }
                    if (d < best) {
                        best = d;
                        arg = c;
                    }
                }
                labels[(int) (b * h * w + p)] = arg;
            }
        }
        return org.nd4j.linalg.factory.Nd4j.createFromArray(labels).reshape(n, h, w);
    }
}
