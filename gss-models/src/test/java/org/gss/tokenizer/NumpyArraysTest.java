package org.gss.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gss.data.image.BadInputException;
import org.gss.testing.NpzTestWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NumpyArraysTest {
    @TempDir
    Path tmp;

    @Test
    void readsGoldenNpyWithDtypesShapesAndValues() {
        INDArray palette = Golden.npy("palette.npy");
        assertEquals(DataType.INT, palette.dataType());
        assertArrayEquals(new long[] {8, 3}, palette.shape());
        assertArrayEquals(new int[] {128, 64, 128}, palette.getRow(0).toIntVector());
        assertArrayEquals(new int[] {220, 220, 0}, palette.getRow(7).toIntVector());

        INDArray labels = Golden.npy("labels.npy");
        assertEquals(DataType.LONG, labels.dataType());
        assertArrayEquals(new long[] {2, 64, 64}, labels.shape());
        assertEquals(0L, labels.minNumber().longValue());
        assertEquals(7L, labels.maxNumber().longValue());

        INDArray x = Golden.npy("x.npy");
        assertEquals(DataType.FLOAT, x.dataType());
        assertArrayEquals(new long[] {2, 3, 64, 64}, x.shape());
        // maskige = palette[labels] / 255, so pixel (0,0) of image 0 is the colour of its label
        INDArray maskige = Golden.npy("maskige.npy");
        int label = labels.getInt(0, 0, 0);
        for (int c = 0; c < 3; c++) {
            assertEquals(palette.getInt(label, c) / 255.0, maskige.getDouble(0, c, 0, 0), 1e-7);
        }
    }

    @Test
    void npzKeysComeInStateDictOrder() {
        Map<String, INDArray> enc = Golden.npz("small/encoder.npz");
        DvaeEncoder.Config c = new DvaeEncoder.Config(32, 2, 3, 512);
        assertEquals(new ArrayList<>(c.stateDictShapes().keySet()), new ArrayList<>(enc.keySet()));
        assertArrayEquals(new long[] {32, 3, 7, 7}, enc.get("blocks.input.w").shape());
    }

    @Test
    void readsDeflatedEntriesAndVersion2Headers() throws IOException {
        Map<String, INDArray> in = new LinkedHashMap<>();
        in.put("a.float", Nd4j.linspace(DataType.FLOAT, -3, 0.25, 24).reshape(2, 3, 4));
        in.put("b_double", Nd4j.linspace(DataType.DOUBLE, 0, 1e-3, 5));
        in.put("c_long", Nd4j.createFromArray(new long[] {Long.MIN_VALUE, -1, 0, 8191, Long.MAX_VALUE}));
        in.put("d_int", Nd4j.createFromArray(new int[][] {{1, 2}, {3, 4}}));
        String longName = "blocks." + "x".repeat(150); // > 127 bytes: beyond Nd4j.createFromNpzFile
        in.put(longName, Nd4j.ones(DataType.FLOAT, 1, 1, 1, 1));
        for (boolean compressed : new boolean[] {false, true}) {
            for (int version : new int[] {1, 2}) {
                Path f = tmp.resolve("t" + compressed + version + ".npz");
                NpzTestWriter.writeNpz(f, in, compressed, version);
                Map<String, INDArray> out = NumpyArrays.readNpz(f);
                assertEquals(new ArrayList<>(in.keySet()), new ArrayList<>(out.keySet()));
                for (String k : in.keySet()) {
                    assertEquals(in.get(k), out.get(k), k + " compressed=" + compressed + " v" + version);
                }
            }
        }
    }

    @Test
    void readsFortranOrderBigEndianAndZeroDimensionalArrays() throws IOException {
        // a = [[1, 2, 3], [4, 5, 6]] stored column-major, big-endian float32
        ByteBuffer be = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        for (float v : new float[] {1, 4, 2, 5, 3, 6}) {
            be.putFloat(v);
        }
        Path f = tmp.resolve("f.npy");
        Files.write(f, NpzTestWriter.npy(">f4", true, new long[] {2, 3}, be.array(), 1));
        INDArray a = NumpyArrays.readNpy(f);
        assertEquals(Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}), a);
        assertEquals('c', a.ordering());

        ByteBuffer one = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(42);
        Path s = tmp.resolve("s.npy");
        Files.write(s, NpzTestWriter.npy("<i8", false, new long[0], one.array(), 1));
        INDArray scalar = NumpyArrays.readNpy(s);
        assertEquals(0, scalar.rank());
        assertEquals(42L, scalar.getLong(0));
    }

    @Test
    void badFilesFailNamingTheFile() throws IOException {
        Path truncated = tmp.resolve("truncated.npy");
        byte[] good = NpzTestWriter.npy(Nd4j.ones(DataType.FLOAT, 4, 4), 1);
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length - 3));
        BadInputException e = assertThrows(BadInputException.class, () -> NumpyArrays.readNpy(truncated));
        assertTrue(e.getMessage().contains(truncated.toString()) && e.getMessage().contains("expected 64"),
                e.getMessage());

        Path complex = tmp.resolve("complex.npy");
        Files.write(complex, NpzTestWriter.npy("<c8", false, new long[] {1}, new byte[8], 1));
        e = assertThrows(BadInputException.class, () -> NumpyArrays.readNpy(complex));
        assertTrue(e.getMessage().contains("<c8") && e.getMessage().contains(complex.toString()), e.getMessage());

        Path notZip = tmp.resolve("weights.npz");
        Files.writeString(notZip, "not a zip archive");
        e = assertThrows(BadInputException.class, () -> NumpyArrays.readNpz(notZip));
        assertEquals(notZip.toString(), e.file());

        Path missing = tmp.resolve("missing.npz");
        e = assertThrows(BadInputException.class, () -> NumpyArrays.readNpz(missing));
        assertEquals(missing.toString(), e.file());
    }

    @Test
    void namesTheEntryInsideAnNpz() throws IOException {
        Path f = tmp.resolve("bad-entry.npz");
        try (var os = Files.newOutputStream(f); var zip = new java.util.zip.ZipOutputStream(os)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("ok.npy"));
            zip.write(NpzTestWriter.npy(Nd4j.ones(DataType.FLOAT, 2), 1));
            zip.putNextEntry(new java.util.zip.ZipEntry("blocks.input.w.npy"));
            zip.write("garbage".getBytes());
        }
        BadInputException e = assertThrows(BadInputException.class, () -> NumpyArrays.readNpz(f));
        assertTrue(e.getMessage().contains(f + "!blocks.input.w.npy"), e.getMessage());
    }
}
