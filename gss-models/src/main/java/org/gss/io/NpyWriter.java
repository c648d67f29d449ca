package org.gss.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.HadoopFiles;

/**
 * Writes NumPy {@code .npy} (format 1.0) arrays: little-endian, C order, readable by numpy and {@link NumpyArrays}.
 * The one npy encoder of the project; {@link NpzWriter} packs its output into {@code .npz} files.
 */
public final class NpyWriter {
    private NpyWriter() {
    }

    public static byte[] int32(int[] data, long... shape) {
        checkCount(shape, data.length);
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(data);
        return npy("<i4", shape, b.array());
    }

    public static byte[] float32(float[] data, long... shape) {
        checkCount(shape, data.length);
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        return npy("<f4", shape, b.array());
    }

    public static byte[] uint8(byte[] data, long... shape) {
        checkCount(shape, data.length);
        return npy("|u1", shape, data);
    }

    /** Writes one npy file atomically (any Hadoop file system path). */
    public static void write(Path file, byte[] npy) {
        HadoopFiles.writeAtomically(file.toAbsolutePath().toString(), npy, new Configuration());
    }

    /**
     * An npy file of raw little-endian {@code data} with dtype {@code descr}: magic, version 1.0, the header dict
     * padded with spaces to a multiple of 64 bytes (as numpy pads it), then the data.
     */
    public static byte[] npy(String descr, long[] shape, byte[] data) {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        if (shape.length == 1) {
            dims += ",";
        }
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': ("
                + dims + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(10 + h.length + data.length);
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.ISO_8859_1));
        out.write(1);
        out.write(0);
        out.write(h.length & 0xff);
        out.write((h.length >> 8) & 0xff);
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static void checkCount(long[] shape, int count) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != count) {
            throw new IllegalArgumentException("shape holds " + n + " values, data has " + count);
        }
    }
}
