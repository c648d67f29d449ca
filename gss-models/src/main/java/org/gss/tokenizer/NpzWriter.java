package org.gss.tokenizer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Writes float32 arrays as an uncompressed {@code .npz} (numpy's {@code np.savez} format). */
public final class NpzWriter {
    private NpzWriter() {
    }

    public static void write(Path file, Map<String, INDArray> arrays) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.setMethod(ZipOutputStream.STORED);
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                INDArray a = e.getValue().castTo(DataType.FLOAT).dup('c');
                byte[] npy = NpyWriter.float32(a.data().asFloat(), a.shape());
                ZipEntry z = new ZipEntry(e.getKey() + ".npy");
                CRC32 crc = new CRC32();
                crc.update(npy);
                z.setSize(npy.length);
                z.setCompressedSize(npy.length);
                z.setCrc(crc.getValue());
                zip.putNextEntry(z);
                zip.write(npy);
                zip.closeEntry();
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
