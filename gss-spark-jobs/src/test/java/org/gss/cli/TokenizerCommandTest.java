package org.gss.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.testing.SharedData;
import org.gss.io.NumpyArrays;
import org.gss.testing.GssCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** gss tokenizer encode/decode with the golden dVAE weights reproduces the reference implementation's outputs. */
class TokenizerCommandTest {
    @TempDir
    Path dir;

    static String[] args(String sub, Path input, Path out, String set) {
        Path g = SharedData.data("dvae-golden");
        return new String[] {"tokenizer", sub, "--input", input.toString(), "--out", out.toString(),
            "--set", "gss.tokenizer.kind=dvae",
            "--set", "gss.tokenizer.encoder-npz=\"" + g.resolve(set + "/encoder.npz") + "\"",
            "--set", "gss.tokenizer.decoder-npz=\"" + g.resolve(set + "/decoder.npz") + "\"",
            "--set", "gss.maskige.palette=file",
            "--set", "gss.maskige.palette-file=\"" + g.resolve("palette.npy") + "\"",
            "--set", "gss.maskige.classes=8"};
    }

    @Test
    void encodeReproducesGoldenTokensForEverySet() {
        Path g = SharedData.data("dvae-golden");
        for (String set : List.of("tiny", "tiny_bias", "small")) {
            Path out = dir.resolve(set);
            GssCli.Run r = GssCli.run(args("encode", g.resolve("labels.npy"), out, set));
            assertEquals(Main.OK, r.code(), r.err());
            INDArray mine = NumpyArrays.readNpy(out.resolve("labels.npy"));
            INDArray golden = NumpyArrays.readNpy(g.resolve(set + "/tokens.npy"));
            assertArrayEquals(golden.shape(), mine.shape(), set);
            assertEquals(golden.castTo(DataType.INT32), mine, set);
        }
        Path out = dir.resolve("ns");
        assertEquals(Main.OK, GssCli.run(args("encode", g.resolve("labels_ns.npy"), out, "tiny")).code());
        assertEquals(NumpyArrays.readNpy(g.resolve("tiny/tokens_ns.npy")).castTo(DataType.INT32),
                NumpyArrays.readNpy(out.resolve("labels_ns.npy")));
    }

    @Test
    void decodeGivesTheGoldenNearestColourLabels() throws Exception {
        Path g = SharedData.data("dvae-golden");
        Path out = dir.resolve("dec");
        GssCli.Run r = GssCli.run(args("decode", g.resolve("tiny/tokens.npy"), out, "tiny"));
        assertEquals(Main.OK, r.code(), r.err());
        INDArray recon = NumpyArrays.readNpy(g.resolve("tiny/recon_labels.npy"));
        for (int i = 0; i < 2; i++) {
            LabelMap labels = ImageCodec.decodeLabel(Files.readAllBytes(out.resolve("tokens_" + i + "_labels.png")), "x");
            long[] expected = recon.slice(i).dup('c').data().asLong();
            for (int p = 0; p < expected.length; p++) {
                assertEquals(expected[p], labels.at(p), "image " + i + " pixel " + p);
            }
            assertTrue(Files.size(out.resolve("tokens_" + i + "_maskige.png")) > 0);
        }
    }

    @Test
    void missingInputAndSubcommandAreReported() {
        Path g = SharedData.data("dvae-golden");
        GssCli.Run r = GssCli.run(args("encode", dir.resolve("nope.png"), dir.resolve("o"), "tiny"));
        assertEquals(Main.FAILED, r.code());
        assertTrue(r.err().contains("nope.png"), r.err());
        assertEquals(Main.USAGE, GssCli.run(args("squash", g.resolve("labels.npy"), dir, "tiny")).code());
    }
}
