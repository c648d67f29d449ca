package org.gss.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gss.data.image.BadInputException;
import org.gss.io.NpzTestWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DvaeWeightsTest {
    @TempDir
    Path tmp;

    @Test
    void infersEveryGoldenConfigurationFromShapes() {
        assertEquals(new DvaeEncoder.Config(16, 1, 3, 64), Golden.weights("tiny").encoderConfig());
        assertEquals(new DvaeDecoder.Config(16, 16, 1, 3, 64), Golden.weights("tiny").decoderConfig());
        assertEquals(new DvaeEncoder.Config(16, 1, 3, 64), Golden.weights("tiny_bias").encoderConfig());
        assertEquals(new DvaeEncoder.Config(32, 2, 3, 512), Golden.weights("small").encoderConfig());
        assertEquals(new DvaeDecoder.Config(16, 32, 2, 3, 512), Golden.weights("small").decoderConfig());
        // README §4: 76,708 / 91,242 and 715,728 / 678,726 parameters
        assertEquals(76_708, parameters(Golden.weights("tiny").encoder()));
        assertEquals(91_242, parameters(Golden.weights("tiny").decoder()));
        assertEquals(715_728, parameters(Golden.weights("small").encoder()));
        assertEquals(678_726, parameters(Golden.weights("small").decoder()));
    }

    @Test
    void dallEDefaultsHaveTheReadmeTensorAndParameterCounts() {
        Map<String, long[]> enc = DvaeEncoder.Config.dallE().stateDictShapes();
        Map<String, long[]> dec = DvaeDecoder.Config.dallE().stateDictShapes();
        assertEquals(74, enc.size());
        assertEquals(76, dec.size());
        assertEquals(53_786_240L, count(enc));
        assertEquals(43_829_766L, count(dec));
        assertEquals(1.0f / 64, (float) (1.0 / Math.pow(DvaeEncoder.Config.dallE().nLayers(), 2)));
    }

    @Test
    void missingTensorIsNamedWithFileAndExpectedShape() throws IOException {
        Map<String, INDArray> enc = new LinkedHashMap<>(Golden.weights("tiny").encoder());
        enc.remove("blocks.group_3.block_1.res_path.conv_2.b");
        Path file = write("encoder.npz", enc);
        BadInputException e = assertThrows(BadInputException.class,
                () -> DvaeWeights.load(file, Golden.file("tiny/decoder.npz")));
        assertEquals(file.toString(), e.file());
        assertContains(e, "missing tensor 'blocks.group_3.block_1.res_path.conv_2.b' (expected shape [16])");
    }

    @Test
    void wronglyShapedTensorIsNamedWithExpectedAndFoundShape() throws IOException {
        Map<String, INDArray> dec = new LinkedHashMap<>(Golden.weights("tiny").decoder());
        // a 3×3 kernel where the reference has a 1×1 conv_1 (decoder kernels are 1,3,3,3)
        dec.put("blocks.group_2.block_1.res_path.conv_1.w", Nd4j.zeros(DataType.FLOAT, 16, 128, 3, 3));
        Path file = write("decoder.npz", dec);
        BadInputException e = assertThrows(BadInputException.class,
                () -> DvaeWeights.load(Golden.file("tiny/encoder.npz"), file));
        assertEquals(file.toString(), e.file());
        assertContains(e, "tensor 'blocks.group_2.block_1.res_path.conv_1.w' has shape [16, 128, 3, 3], "
                + "expected [16, 128, 1, 1]");
    }

    @Test
    void unexpectedAndUninferableTensorsAreRejected() throws IOException {
        Map<String, INDArray> enc = new LinkedHashMap<>(Golden.weights("tiny").encoder());
        enc.put("blocks.group_1.block_1.id_path.w", Nd4j.zeros(DataType.FLOAT, 16, 16, 1, 1));
        Path extra = write("extra.npz", enc);
        assertContains(assertThrows(BadInputException.class,
                        () -> DvaeWeights.load(extra, Golden.file("tiny/decoder.npz"))),
                "unexpected tensor 'blocks.group_1.block_1.id_path.w' with shape [16, 16, 1, 1]");

        enc = new LinkedHashMap<>(Golden.weights("tiny").encoder());
        enc.remove("blocks.input.w");
        Path noInput = write("no-input.npz", enc);
        assertContains(assertThrows(BadInputException.class,
                        () -> DvaeWeights.load(noInput, Golden.file("tiny/decoder.npz"))),
                "missing tensor 'blocks.input.w'");
    }

    @Test
    void constructorsCheckTheStateDictToo() {
        Map<String, INDArray> small = Golden.weights("small").encoder();
        BadInputException e = assertThrows(BadInputException.class,
                () -> new DvaeEncoder(new DvaeEncoder.Config(16, 1, 3, 64), small));
        assertEquals("encoder state dict", e.file());
        assertContains(e, "tensor 'blocks.input.w' has shape [32, 3, 7, 7], expected [16, 3, 7, 7]");
        assertContains(e, "unexpected tensor 'blocks.group_1.block_2.res_path.conv_1.w'");
    }

    @Test
    void encoderAndDecoderMustShareTheVocabulary() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> DvaeWeights.load(Golden.file("tiny/encoder.npz"), Golden.file("small/decoder.npz")));
        assertEquals(Golden.file("small/decoder.npz").toString(), e.file());
        assertContains(e, "vocabulary 512 does not match the encoder's 64");
    }

    @Test
    void compressedFloat64WeightsLoadAndStillMatchTheGolden() throws IOException {
        Path enc = tmp.resolve("enc64.npz");
        Path dec = tmp.resolve("dec64.npz");
        NpzTestWriter.writeNpz(enc, NpzTestWriter.castAll(Golden.weights("tiny_bias").encoder(), DataType.DOUBLE),
                true, 1);
        NpzTestWriter.writeNpz(dec, NpzTestWriter.castAll(Golden.weights("tiny_bias").decoder(), DataType.DOUBLE),
                true, 2);
        DvaeWeights w = DvaeWeights.load(enc, dec);
        assertEquals(DataType.FLOAT, w.encoder().get("blocks.input.w").dataType());
        DalleDvae dvae = new DalleDvae(w);
        Golden.assertClose("float64 tiny_bias enc_logits", dvae.encoder().logits(Golden.npy("x.npy")),
                Golden.npy("tiny_bias/enc_logits.npy"));
        Golden.assertClose("float64 tiny_bias dec_out", dvae.decoderOutput(Golden.npy("tiny_bias/tokens.npy")),
                Golden.npy("tiny_bias/dec_out.npy"));
    }

    private Path write(String name, Map<String, INDArray> m) throws IOException {
        Path f = tmp.resolve(name);
        NpzTestWriter.writeNpz(f, m, false, 1);
        return f;
    }

    private static void assertContains(Exception e, String text) {
        assertTrue(e.getMessage().contains(text), () -> "message lacks <" + text + ">: " + e.getMessage());
    }

    private static long parameters(Map<String, INDArray> m) {
        return m.values().stream().mapToLong(INDArray::length).sum();
    }

    private static long count(Map<String, long[]> shapes) {
        long n = 0;
        for (long[] s : shapes.values()) {
            long p = 1;
            for (long d : s) {
                p *= d;
            }
            n += p;
        }
        return n;
    }
}
