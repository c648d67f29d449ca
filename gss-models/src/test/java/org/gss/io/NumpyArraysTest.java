package org.gss.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gss.data.image.BadInputException;
import org.gss.data.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NumpyArraysTest {
    @TempDir
    Path tmp;

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

    /** numpy-fixture.npz was written by numpy 2.4 with savez_compressed (values below from numpy). */
    @Test
    void readsNumpyDtypesOrdersAndScalars() throws URISyntaxException {
        Map<String, INDArray> z = NumpyArrays.readNpz(Path.of(getClass().getResource("numpy-fixture.npz").toURI()));
        assertEquals(DataType.FLOAT, z.get("w").dataType());
        assertArrayEquals(new float[][] {{0f, 0.25f, 0.5f}, {0.75f, 1f, 1.25f}}, z.get("w").toFloatMatrix());
        // Fortran-ordered float64
        assertArrayEquals(new double[][] {{1.5, -2, 3}, {4, 5, 6.25}}, z.get("f").toDoubleMatrix());
        // int64 0-d scalar, as PyTorch's num_batches_tracked
        assertEquals(0, z.get("n").rank());
        assertEquals(1234L, z.get("n").getLong(0));
        assertArrayEquals(new float[] {0.5f, -1f, 65504f}, z.get("h").toFloatVector());
        assertArrayEquals(new long[] {0, 7, 255, 3}, z.get("u").toLongVector());
        assertArrayEquals(new double[] {1.0, 2.0}, z.get("b").toDoubleVector()); // big-endian
    }

    @Test
    void readsTheReferenceDvaeWeightsAndLabels() {
        Map<String, INDArray> enc = NumpyArrays.readNpz(SharedData.data("dvae-golden/tiny/encoder.npz"));
        assertEquals(42, enc.size());
        INDArray w = enc.get("blocks.input.w");
        assertArrayEquals(new long[] {16, 3, 7, 7}, w.shape());
        assertEquals(-0.06276833266019821, w.getDouble(0, 0, 0, 0), 0.0);
        assertEquals(0.07893044501543045, w.getDouble(15, 2, 6, 6), 0.0);
        assertEquals(-1.446535945859523, w.castTo(DataType.DOUBLE).sumNumber().doubleValue(), 1e-9);
    }

    @Test
    void roundTripsTheTestWriter() throws IOException {
        Map<String, INDArray> in = Map.of("a.weight", Nd4j.rand(DataType.FLOAT, 3, 2, 1, 1),
                "a.n", Nd4j.scalar(DataType.LONG, 7L), "v", Nd4j.createFromArray(1.0, -2.0));
        Map<String, INDArray> out = NumpyArrays.readNpz(NpzTestWriter.write(in, tmp.resolve("x.npz")));
        assertEquals(in.get("a.weight"), out.get("a.weight"));
        assertEquals(7L, out.get("a.n").getLong(0));
        assertEquals(in.get("v"), out.get("v"));
    }

    @Test
    void namesTheFileWhenAnNpzIsNotAZip() throws IOException {
        Path notNpz = Files.writeString(tmp.resolve("weights.npz"), "hello");
        BadInputException e = assertThrows(BadInputException.class, () -> NumpyArrays.readNpz(notNpz));
        assertEquals(notNpz.toString(), e.file());
    }

    @Test
    void readsSixteenBitAndUnsignedIntegersWidened() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) -2).putShort((short) 7)
                .putShort((short) 0xffff).putShort((short) 0);
        Path i2 = tmp.resolve("i2.npy");
        Files.write(i2, NpzTestWriter.npy("<i2", false, new long[] {2, 2}, b.array(), 1));
        INDArray a = NumpyArrays.readNpy(i2);
        assertEquals(DataType.SHORT, a.dataType());
        assertArrayEquals(new long[] {-2, 7, -1, 0}, a.reshape(4).toLongVector());

        Path u2 = tmp.resolve("u2.npy");
        Files.write(u2, NpzTestWriter.npy("<u2", false, new long[] {4}, b.array(), 1));
        assertEquals(DataType.INT, NumpyArrays.readNpy(u2).dataType());
        assertArrayEquals(new long[] {65534, 7, 65535, 0}, NumpyArrays.readNpy(u2).toLongVector());

        Path u4 = tmp.resolve("u4.npy");
        Files.write(u4, NpzTestWriter.npy(">u4", false, new long[] {2},
                ByteBuffer.allocate(8).putInt(-1).putInt(5).array(), 1));
        assertArrayEquals(new long[] {4294967295L, 5}, NumpyArrays.readNpy(u4).toLongVector());
    }
}
