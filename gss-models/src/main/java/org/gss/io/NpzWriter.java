package org.gss.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes {@code .npz} files ({@code np.savez_compressed}'s format: one deflated {@code NAME.npy} entry per array),
 * the one npz writer of the project. Writes go to a temporary sibling that is then renamed over the target, so
 * readers never see half a file; entry times are fixed, so the same arrays always give the same bytes (checkpoint
 * fingerprints depend on it).
 */
public final class NpzWriter {
    private static final long FIXED_TIME = 315532800000L; // 1980-01-01, the earliest zip time

    private NpzWriter() {
    }

    /** Writes {@code arrays} as float32, C order, in map order. */
    public static void writeFloat32(Path file, Map<String, INDArray> arrays) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        arrays.forEach((k, v) -> entries.put(k, float32(v)));
        write(file, entries);
    }

    /** One array as float32 npy bytes (C order). */
    public static byte[] float32(INDArray array) {
        INDArray a = array.castTo(DataType.FLOAT).dup('c');
        float[] v = a.length() == 0 ? new float[0] : a.data().asFloat();
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        return NpyWriter.npy("<f4", a.shape(), buf.array());
    }

    /**
     * Writes npy files ({@link NpyWriter}) as the entries of one npz, keyed by name without the {@code .npy} suffix,
     * in map order; creates the parent folders. An I/O failure leaves no temporary file and names the target.
     */
    public static void write(Path file, Map<String, byte[]> npyEntries) {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            try (OutputStream fout = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(fout)) {
                for (Map.Entry<String, byte[]> e : npyEntries.entrySet()) {
                    ZipEntry z = new ZipEntry(e.getKey() + ".npy");
                    z.setTime(FIXED_TIME);
                    zip.putNextEntry(z);
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error matters more
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
