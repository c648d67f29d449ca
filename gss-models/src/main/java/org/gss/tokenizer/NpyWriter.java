package org.gss.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.HadoopFiles;

/** Writes little-endian C-order {@code .npy} v1.0 files (int32 and float32), atomically, readable by numpy. */
public final class NpyWriter {
    private NpyWriter() {
    }

    public static byte[] int32(int[] data, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(data);
        return npy("<i4", shape, data.length, b.array());
    }

    public static byte[] float32(float[] data, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        return npy("<f4", shape, data.length, b.array());
    }

    public static void write(Path file, byte[] npy) {
        HadoopFiles.writeAtomically(file.toAbsolutePath().toString(), npy, new Configuration());
    }

    private static byte[] npy(String dtype, long[] shape, int count, byte[] payload) {
        long n = 1;
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            n *= d;
            dims.append(d).append(", ");
        }
        if (n != count) {
            throw new IllegalArgumentException("shape holds " + n + " values, data has " + count);
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        StringBuilder h = new StringBuilder(header);
        h.append(" ".repeat(pad)).append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            int hl = h.length();
            out.write(new byte[] {(byte) (hl & 0xFF), (byte) (hl >> 8)});
            out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
