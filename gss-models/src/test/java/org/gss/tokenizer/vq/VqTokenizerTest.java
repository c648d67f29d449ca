package org.gss.tokenizer.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.gss.data.synth.SyntheticScene;
import org.gss.io.NpzCheckpoint;
import org.gss.io.NumpyArrays;
import org.gss.maskige.MaximalDistancePalette;
import org.gss.maskige.Palette;
import org.gss.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The inference side: Tokenizer contract, equality with the training graph, checkpoint round trip and errors. */
class VqTokenizerTest {
    private static final VqConfig CFG = new VqConfig(8, 1, 32, 8);
    private static final Palette PALETTE = MaximalDistancePalette.create(6, 0);

    /** An untrained tokenizer with a codebook spread over the encoder's outputs (so several ids occur). */
    private static VqTokenizer untrained() {
        Map<String, INDArray> file = VqParameters.initialFile(CFG, 3);
        VqTokenizer probe = new VqTokenizer(CFG, withCodebook(file, Nd4j.zeros(DataType.FLOAT, 32, 8)), Map.of(), "t");
        INDArray z = probe.latents(maskige(2)); // [2, D, 4, 4]
        INDArray flat = z.permute(0, 2, 3, 1).dup('c').reshape(32, 8);
        return new VqTokenizer(CFG, withCodebook(file, flat), Map.of("seed", "3"), "t");
    }

    private static Map<String, INDArray> withCodebook(Map<String, INDArray> file, INDArray codebook) {
        Map<String, INDArray> m = new java.util.LinkedHashMap<>(file);
        m.put(VqParameters.CODEBOOK, codebook);
        return m;
    }

    private static INDArray maskige(int n) {
        float[] data = new float[n * 3 * 32 * 32];
        for (int i = 0; i < n; i++) {
            LabelMap labels = SyntheticScene.render(32, 32, 6, 0.05, 40 + i).labels();
            PALETTE.writeMaskigeChw(labels, data, i * 3 * 32 * 32);
        }
        return Nd4j.create(data, new long[] {n, 3, 32, 32}, 'c');
    }

    @Test
    void encodeAndDecodeFollowTheTokenizerContract() {
        Tokenizer t = untrained();
        assertEquals(32, t.vocabularySize());
        assertEquals(8, t.downsampleFactor());
        INDArray tokens = t.encode(maskige(2));
        assertEquals(DataType.INT, tokens.dataType());
        assertArrayEquals(new long[] {2, 4, 4}, tokens.shape());
        assertTrue(tokens.minNumber().intValue() >= 0 && tokens.maxNumber().intValue() < 32);
        assertTrue(distinct(tokens) > 4, "codebook drawn from the encoder's outputs must give several ids");
        INDArray rgb = t.decodeRgb(tokens);
        assertEquals(DataType.FLOAT, rgb.dataType());
        assertArrayEquals(new long[] {2, 3, 32, 32}, rgb.shape());
        assertTrue(rgb.minNumber().doubleValue() >= 0 && rgb.maxNumber().doubleValue() <= 1);
        assertThrows(IllegalArgumentException.class, () -> t.encode(Nd4j.zeros(DataType.FLOAT, 1, 3, 30, 32)));
        assertThrows(IllegalArgumentException.class, () -> t.decodeRgb(Nd4j.createFromArray(new int[][][] {{{32}}})));
    }

    @Test
    void eagerInferenceComputesWhatTheTrainingGraphComputes() {
        VqTokenizer t = untrained();
        Map<String, INDArray> graphParams = VqParameters.toGraph(VqParameters.strip(t.parameters(), ""),
                DataType.FLOAT);
        INDArray codebook = graphParams.remove(VqParameters.CODEBOOK);
        VqGraph g = new VqGraph(CFG, graphParams, 2, 32, PALETTE.colours(), VqTrainer.DEFAULT_LOSS, DataType.FLOAT,
                true);
        INDArray m = maskige(2);
        INDArray x = org.gss.tokenizer.PixelMapping.map(m).permute(0, 2, 3, 1).dup('c');
        Map<String, INDArray> ph = Map.of(VqGraph.X, x, VqGraph.TARGET, x, VqGraph.MASK,
                Nd4j.ones(DataType.FLOAT, 2, 32, 32, 1), VqGraph.ONE_HOT, Nd4j.zeros(DataType.FLOAT, 2 * 32 * 32, 6),
                VqGraph.CODEBOOK_IN, codebook);
        Map<String, INDArray> out = g.sd.output(ph, VqGraph.LATENT, VqGraph.TOKENS, VqGraph.RGB);
        INDArray eagerLatent = t.latents(m).permute(0, 2, 3, 1).dup('c').reshape(32, 8);
        assertTrue(eagerLatent.equalsWithEps(out.get(VqGraph.LATENT), 1e-4), "encoder outputs differ");
        INDArray tokens = t.encode(m);
        assertArrayEquals(out.get(VqGraph.TOKENS).castTo(DataType.INT).toIntVector(),
                tokens.reshape(32).toIntVector());
        INDArray eagerRgb = t.decodeRgb(tokens).permute(0, 2, 3, 1).dup('c');
        assertTrue(eagerRgb.equalsWithEps(out.get(VqGraph.RGB), 1e-4), "decoded maskiges differ");
    }

    @Test
    void saveAndLoadGiveIdenticalTokensAndDecodes(@TempDir Path dir) {
        VqTokenizer t = untrained();
        Path file = dir.resolve("sub/own.zip");
        t.save(file);
        VqTokenizer back = VqTokenizer.load(file);
        assertEquals(CFG, back.config());
        assertEquals("3", back.provenance().get("seed"));
        INDArray m = maskige(2);
        assertEquals(t.encode(m), back.encode(m));
        assertEquals(t.decodeRgb(t.encode(m)), back.decodeRgb(t.encode(m)));
        // the checkpoint is a plain npz: the project's reader sees the JSON entry and every tensor
        Map<String, INDArray> npz = NumpyArrays.readNpz(file);
        assertTrue(npz.containsKey(NpzCheckpoint.CONFIG_ENTRY) && npz.containsKey("codebook"));
        assertEquals(VqParameters.fileShapes(CFG).size() + 2, npz.size());
        assertTrue(Files.notExists(dir.resolve("sub/own.zip.tmp")), "no temporary file left behind");
    }

    @Test
    void sameWeightsGiveByteIdenticalCheckpoints(@TempDir Path dir) throws IOException {
        VqTokenizer t = untrained();
        t.save(dir.resolve("a.zip"));
        t.save(dir.resolve("b.zip"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.zip")), Files.readAllBytes(dir.resolve("b.zip")));
    }

    @Test
    void openedThroughTokenizerSettingsLikeTheJobsDo(@TempDir Path dir) {
        VqTokenizer t = untrained();
        Path file = dir.resolve("own.zip");
        t.save(file);
        Tokenizer viaSettings = new org.gss.tokenizer.config.TokenizerSettings("own", "", "", file.toString(), 32, 8, 1)
                .open();
        INDArray m = maskige(1);
        assertEquals(t.encode(m), viaSettings.encode(m));
    }

    @Test
    void missingTruncatedOrForeignFilesNameTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.zip");
        BadInputException e = assertThrows(BadInputException.class, () -> VqTokenizer.load(missing));
        assertTrue(e.getMessage().contains("nope.zip"), e.getMessage());

        VqTokenizer t = untrained();
        Path good = dir.resolve("good.zip");
        t.save(good);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.zip");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(BadInputException.class, () -> VqTokenizer.load(cut));
        assertTrue(e.getMessage().contains("cut.zip"), e.getMessage());

        Path text = dir.resolve("text.zip");
        Files.writeString(text, "not a zip");
        e = assertThrows(BadInputException.class, () -> VqTokenizer.load(text));
        assertTrue(e.getMessage().contains("text.zip"), e.getMessage());

        Path plainNpz = dir.resolve("plain.npz");
        NpzCheckpoint.write(plainNpz, "{\"format\":\"something-else\"}", Map.of("w", Nd4j.ones(2)));
        e = assertThrows(BadInputException.class, () -> VqTokenizer.load(plainNpz));
        assertTrue(e.getMessage().contains("plain.npz") && e.getMessage().contains("gss-vq-tokenizer"),
                e.getMessage());

        Map<String, INDArray> bad = new java.util.LinkedHashMap<>(t.parameters());
        bad.put(VqParameters.CODEBOOK, Nd4j.zeros(DataType.FLOAT, 31, 8));
        Path wrongShape = dir.resolve("wrong.zip");
        NpzCheckpoint.write(wrongShape, t.configJson(), bad);
        e = assertThrows(BadInputException.class, () -> VqTokenizer.load(wrongShape));
        assertTrue(e.getMessage().contains("wrong.zip") && e.getMessage().contains("codebook"), e.getMessage());
    }

    private static int distinct(INDArray ids) {
        return (int) java.util.Arrays.stream(ids.dup().reshape(ids.length()).toIntVector()).distinct().count();
    }

    @Test
    void reconstructionPadsMapsToTheTokenGrid() {
        VqTokenizer t = untrained();
        LabelMap odd = SyntheticScene.render(30, 21, 6, 0.0, 9).labels();
        LabelMap back = MaskigeReconstruction.reconstruct(t, PALETTE, new org.gss.maskige.NearestColourInverse(PALETTE),
                odd);
        assertEquals(30, back.width());
        assertEquals(21, back.height());
        assertEquals(List.of(32, 24), List.of(MaskigeReconstruction.padToMultiple(odd, 8).width(),
                MaskigeReconstruction.padToMultiple(odd, 8).height()));
    }
}
