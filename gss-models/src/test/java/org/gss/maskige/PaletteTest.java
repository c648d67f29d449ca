package org.gss.maskige;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class PaletteTest {

    private static final Path CITYSCAPES_COLOURS =
            SharedData.data("mseg/mseg/dataset_lists/cityscapes-19/cityscapes-19_colors.txt");

    @Test
    void maskigePaintsEachClassAndIgnoreWithItsColour() {
        Palette p = Palette.of(new int[][] {{10, 20, 30}, {200, 100, 0}}, new int[] {1, 2, 3});
        LabelMap labels = new LabelMap(3, 1, new byte[] {1, 0, (byte) 255});
        RgbImage rgb = p.toMaskige(labels);
        assertArrayEquals(new byte[] {(byte) 200, 100, 0, 10, 20, 30, 1, 2, 3}, rgb.rgb());
        float[] nchw = p.toMaskigeNchw(labels);
        assertArrayEquals(new float[] {200 / 255f, 10 / 255f, 1 / 255f, 100 / 255f, 20 / 255f, 2 / 255f, 0,
            30 / 255f, 3 / 255f}, nchw);
        float[] batch = p.toMaskigeNchw(List.of(labels, LabelMap.filled(3, 1, 0)));
        assertEquals(18, batch.length);
        assertEquals(10 / 255f, batch[9]);
        assertEquals(30 / 255f, batch[17]);
        assertThrows(IllegalArgumentException.class, () -> p.toMaskigeNchw(List.of(labels, LabelMap.filled(1, 3, 0))));
    }

    @Test
    void idsBeyondThePaletteAreAnErrorNamingTheId() {
        Palette p = MaximalDistancePalette.create(19, 0);
        LabelMap labels = LabelMap.filled(4, 3, 2);
        labels.set(3, 2, 19);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.toMaskige(labels));
        assertTrue(e.getMessage().contains("label id 19 at pixel (3,2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.toMaskigeNchw(labels));
        assertThrows(IllegalArgumentException.class, () -> p.colour(19));
        assertArrayEquals(p.ignoreColour(), p.colour(LabelMap.IGNORE));
    }

    /** The tokenizer input must be bit-identical to the reference's palette[label] / 255.0 in float32. */
    @Test
    void floatMaskigeMatchesTheReferenceBitForBit() {
        Palette p = MaskigeFixtures.goldenPalette();
        assertArrayEquals(new int[] {128, 64, 128}, p.colour(0));
        for (String[] files : new String[][] {{"labels.npy", "maskige.npy"}, {"labels_ns.npy", "maskige_ns.npy"}}) {
            INDArray labels = MaskigeFixtures.golden(files[0]);
            float[] expected = MaskigeFixtures.golden(files[1]).data().asFloat();
            int n = (int) labels.size(0);
            List<LabelMap> maps = new java.util.ArrayList<>();
            for (int b = 0; b < n; b++) {
                maps.add(MaskigeFixtures.labelMap(labels, b));
            }
            float[] actual = p.toMaskigeNchw(maps);
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), files[1] + "[" + i + "]");
            }
        }
    }

    /** The computed ignore colour is the step-5 lattice point farthest from every class (checked by brute force). */
    @Test
    void ignoreColourIsTheFarthestLatticePoint() {
        for (Palette p : new Palette[] {MaximalDistancePalette.create(19, 0), FilePalette.read(CITYSCAPES_COLOURS)}) {
            int[][] colours = p.colours();
            double bestD = -1;
            int[] best = null;
            for (int r = 0; r <= 255; r += 5) {
                for (int g = 0; g <= 255; g += 5) {
                    for (int b = 0; b <= 255; b += 5) {
                        double d = Double.POSITIVE_INFINITY;
                        for (int[] c : colours) {
                            d = Math.min(d, Math.pow(r - c[0], 2) + Math.pow(g - c[1], 2) + Math.pow(b - c[2], 2));
                        }
                        if (d > bestD) {
                            bestD = d;
                            best = new int[] {r, g, b};
                        }
                    }
                }
            }
            assertArrayEquals(best, p.ignoreColour(), p.toString());
            assertEquals(Math.sqrt(bestD), p.ignoreDistance(), 1e-9);
            System.out.printf("ignore colour of %s: %s at distance %.2f%n", p.source(),
                    java.util.Arrays.toString(p.ignoreColour()), p.ignoreDistance());
        }
        Palette md150 = MaximalDistancePalette.create(150, 0);
        assertTrue(md150.ignoreDistance() > md150.minPairwiseDistance() / 2, md150.toString());
    }

    @Test
    void cityscapesColourFileRoundTrip(@TempDir Path dir) {
        Palette p = FilePalette.read(CITYSCAPES_COLOURS);
        assertEquals(19, p.numClasses());
        assertArrayEquals(new int[] {128, 64, 128}, p.colour(0));
        assertArrayEquals(new int[] {119, 11, 32}, p.colour(18));
        assertTrue(p.source().contains("cityscapes-19_colors.txt"));
        Path out = dir.resolve("palette.txt");
        FilePalette.write(p, out);
        Palette back = FilePalette.read(out);
        assertEquals(p, back);
        assertArrayEquals(p.ignoreColour(), back.ignoreColour());
        // an explicit ignore colour survives the round trip too
        Palette withBlack = Palette.of(p.colours(), new int[] {0, 0, 0});
        FilePalette.write(withBlack, out);
        assertArrayEquals(new int[] {0, 0, 0}, FilePalette.read(out).ignoreColour());
        // and so does a generated palette
        Palette md = MaximalDistancePalette.create(150, 4);
        FilePalette.write(md, out);
        assertEquals(md, FilePalette.read(out));
    }

    @Test
    void readsTabsAndCrLfAndRejectsBadLines() {
        Palette camvid = FilePalette.read(SharedData.data("mseg/mseg/dataset_lists/camvid-32/camvid-32_colors.txt"));
        assertEquals(32, camvid.numClasses());
        assertArrayEquals(new int[] {64, 128, 64}, camvid.colour(0));
        BadInputException range = assertThrows(BadInputException.class, () -> read("1 2 3\r\n4 256 6\r\n"));
        assertTrue(range.getMessage().contains("mem.txt: line 2: 256 is outside 0..255"), range.getMessage());
        BadInputException count = assertThrows(BadInputException.class, () -> read("1 2 3\n4 5\n"));
        assertTrue(count.getMessage().contains("line 2: expected 'r g b'"), count.getMessage());
        BadInputException blank = assertThrows(BadInputException.class, () -> read("1 2 3\n\n4 5 6\n"));
        assertTrue(blank.getMessage().contains("blank line 2"), blank.getMessage());
        assertThrows(BadInputException.class, () -> read("# only a comment\n"));
        assertEquals(2, read("# header\n1 2 3\n4 5 6\n\n\n").numClasses());
    }

    private static Palette read(String text) {
        return FilePalette.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "mem.txt");
    }

    @Test
    void fixedPalettesValidateTheirColours() {
        assertThrows(IllegalArgumentException.class, () -> Palette.of(new int[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> Palette.of(new int[][] {{1, 2, 300}}));
        assertThrows(IllegalArgumentException.class, () -> Palette.of(new int[0][]));
        assertThrows(IllegalArgumentException.class, () -> Palette.of(new int[][] {{1, 2, 3}}, new int[] {-1, 0, 0}));
        int[][] colours = {{1, 2, 3}};
        Palette p = Palette.of(colours);
        colours[0][0] = 99;
        assertArrayEquals(new int[] {1, 2, 3}, p.colour(0), "the palette keeps its own copy");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        Palette p = MaximalDistancePalette.create(19, 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p);
            out.writeObject(new NearestColourInverse(p));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Palette back = (Palette) in.readObject();
            assertEquals(p, back);
            assertEquals(p.source(), back.source());
            NearestColourInverse inverse = (NearestColourInverse) in.readObject();
            LabelMap labels = MaskigeFixtures.blocks(16, 16, 19, 2, 0, 1);
            assertArrayEquals(labels.ids(), inverse.invert(p.toMaskige(labels)).ids());
        }
    }
}
