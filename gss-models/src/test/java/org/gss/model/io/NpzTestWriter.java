package org.gss.model.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Writes .npz files the way numpy.savez does (v1.0 headers, little-endian, C order), for tests. */
public final class NpzTestWriter {

    private NpzTestWriter() {
    }

    public static Path write(Map<String, INDArray> arrays, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(npy(e.getValue()));
                zip.closeEntry();
            }
        }
        return file;
    }

    public static byte[] npy(INDArray a) {
        boolean isLong = a.dataType() == DataType.LONG;
        String descr = isLong ? "<i8" : a.dataType() == DataType.DOUBLE ? "<f8" : "<f4";
        String shape = a.rank() == 0 ? "()" : a.rank() == 1 ? "(" + a.size(0) + ",)"
                : "(" + Arrays.stream(a.shape()).mapToObj(Long::toString).collect(Collectors.joining(", ")) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        int itemSize = isLong || a.dataType() == DataType.DOUBLE ? 8 : 4;
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + (int) a.length() * itemSize)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        INDArray flat = a.dup('c').reshape(a.length());
        for (long i = 0; i < a.length(); i++) {
            if (isLong) {
                buf.putLong(flat.getLong(i));
            } else if (itemSize == 8) {
                buf.putDouble(flat.getDouble(i));
            } else {
                buf.putFloat(flat.getFloat(i));
            }
        }
        return buf.array();
    }
}
