package org.gss.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.gss.data.image.BadInputException;
import org.gss.data.testing.SharedData;
import org.gss.testing.NpzTestWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NpzReaderTest {

    @TempDir
    Path tmp;

    /** numpy-fixture.npz was written by numpy 2.4 with savez_compressed (values below from numpy). */
    @Test
    void readsNumpyDtypesOrdersAndScalars() throws URISyntaxException {
        Map<String, INDArray> z = NpzReader.read(Path.of(getClass().getResource("numpy-fixture.npz").toURI()));
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
        Map<String, INDArray> enc = NpzReader.read(SharedData.data("dvae-golden/tiny/encoder.npz"));
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
        Map<String, INDArray> out = NpzReader.read(NpzTestWriter.write(in, tmp.resolve("x.npz")));
        assertEquals(in.get("a.weight"), out.get("a.weight"));
        assertEquals(7L, out.get("a.n").getLong(0));
        assertEquals(in.get("v"), out.get("v"));
    }

    @Test
    void namesTheFileWhenItIsNotAnNpz() throws IOException {
        Path notNpz = Files.writeString(tmp.resolve("weights.npz"), "hello");
        BadInputException e = assertThrows(BadInputException.class, () -> NpzReader.read(notNpz));
        assertEquals(notNpz.toString(), e.file());
    }
}
