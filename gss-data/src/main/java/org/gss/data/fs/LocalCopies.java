package org.gss.data.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.gss.data.image.BadInputException;

/**
 * A local file for a location that may be a Hadoop URI, for readers that need random access or a {@link Path} (zip
 * archives of weights). Local locations are returned as they are. Remote ones ({@code s3a:}, {@code hdfs:}, ...) are
 * copied once per JVM and version into {@code java.io.tmpdir/gss-fetched/}, named by a hash of the URI, its length
 * and modification time, and published with an atomic rename, so that concurrent tasks and executors on one node
 * share one complete copy. The executor that needs the file fetches it itself: nothing has to be shipped.
 */
public final class LocalCopies {
    private LocalCopies() {
    }

    /** A local path holding the content of {@code location}; a missing file is a BadInputException naming it. */
    public static Path of(String location, Configuration conf) {
        org.apache.hadoop.fs.Path p = HadoopFiles.toPath(location);
        if (p.toUri().getScheme() == null || p.toUri().getScheme().equals("file")) {
            return Path.of(p.toUri().getPath());
        }
        try {
            FileSystem fs = p.getFileSystem(conf);
            FileStatus st = fs.getFileStatus(p);
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "gss-fetched");
            Files.createDirectories(dir);
            Path local = dir.resolve(hash(p + "|" + st.getLen() + "|" + st.getModificationTime()) + "-" + p.getName());
            if (Files.isRegularFile(local) && Files.size(local) == st.getLen()) {
                return local;
            }
            Path tmp = Files.createTempFile(dir, "." + p.getName(), ".tmp");
            try {
                try (InputStream in = fs.open(p)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                try {
                    Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return local;
        } catch (FileNotFoundException e) {
            throw new BadInputException(location, "file not found", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + location + ": " + e.getMessage(), e);
        }
    }

    /** {@link #of(String, Configuration)} with this JVM's Hadoop configuration ({@link JvmHadoopConf}). */
    public static Path of(String location) {
        return of(location, JvmHadoopConf.get());
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
