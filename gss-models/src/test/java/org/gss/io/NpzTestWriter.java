package org.gss.io;

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
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Writes npy/npz files the way numpy does, so tests can feed the reader edited or re-encoded weights. */
public final class NpzTestWriter {
    private NpzTestWriter() {
    }

    /** {@code np.savez_compressed} of {@code arrays} with v1.0 headers; returns {@code file}. */
    public static Path write(Map<String, INDArray> arrays, Path file) throws IOException {
        writeNpz(file, arrays, true, 1);
        return file;
    }

    /** {@code np.savez} (stored) or {@code np.savez_compressed} (deflated) of float32/float64/int32/int64 arrays. */
    public static void writeNpz(Path file, Map<String, INDArray> arrays, boolean compressed, int npyVersion)
            throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                byte[] npy = npy(e.getValue(), npyVersion);
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                if (!compressed) {
                    CRC32 crc = new CRC32();
                    crc.update(npy);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(npy.length);
                    entry.setCompressedSize(npy.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(npy);
                zip.closeEntry();
            }
        }
    }

    public static byte[] npy(INDArray a, int version) {
        String descr = switch (a.dataType()) {
            case FLOAT -> "<f4";
            case DOUBLE -> "<f8";
            case INT -> "<i4";
            case LONG -> "<i8";
            default -> throw new IllegalArgumentException("unsupported " + a.dataType());
        };
        INDArray c = a.dup('c');
        ByteBuffer data = ByteBuffer.allocate((int) (c.length() * c.dataType().width())).order(ByteOrder.LITTLE_ENDIAN);
        INDArray flat = c.reshape(c.length());
        switch (a.dataType()) {
            case FLOAT -> data.asFloatBuffer().put(flat.toFloatVector());
            case DOUBLE -> data.asDoubleBuffer().put(flat.toDoubleVector());
            case INT -> data.asIntBuffer().put(flat.toIntVector());
            default -> data.asLongBuffer().put(flat.toLongVector());
        }
        return npy(descr, false, a.shape(), data.array(), version);
    }

    /** Raw npy bytes with the given header fields, padded to 64 bytes like numpy. */
    public static byte[] npy(String descr, boolean fortran, long[] shape, byte[] data, int version) {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        if (shape.length == 1) {
            dims += ",";
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': (" + dims + "), }";
        int prefix = version == 1 ? 10 : 12;
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer b = ByteBuffer.allocate(prefix + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.put(data);
        return b.array();
    }

    public static Map<String, INDArray> castAll(Map<String, INDArray> m, DataType type) {
        return m.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().castTo(type),
                (x, y) -> x, java.util.LinkedHashMap::new));
    }
}
