package org.gss.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.fs.TempNames;
import org.gss.data.image.BadInputException;

/**
 * One Parquet file written or read whole, with parquet-hadoop's example {@link Group} API, on any Hadoop file system.
 * Executors write their segment files this way (a Spark task cannot use the DataFrame writer), and the driver its
 * version index. Files are written under a hidden temporary name and renamed, so a reader never sees half a file;
 * local files go through the raw local file system (no {@code .crc} side files), as {@link HadoopFiles} does.
 */
public final class ParquetFiles {
    private ParquetFiles() {
    }

    /**
     * Writes {@code rows} (zstd-compressed) to {@code uri} atomically; returns the file's size in bytes. An existing
     * file is replaced if {@code replace}, else kept (segment names are content hashes: same name, same entries).
     */
    public static long write(String uri, MessageType schema, List<Group> rows, boolean replace, Configuration conf) {
        Path dst = HadoopFiles.toPath(uri);
        FileSystem fs = fs(dst, conf);
        Path tmp = new Path(dst.getParent(), TempNames.temp(dst.getName()));
        boolean done = false;
        try {
            fs.mkdirs(dst.getParent());
            try (var writer = ExampleParquetWriter.builder(new FsOutputFile(fs, tmp)).withType(schema).withConf(conf)
                    .withCompressionCodec(CompressionCodecName.ZSTD).build()) {
                for (Group g : rows) {
                    writer.write(g);
                }
            }
            done = publish(fs, tmp, dst, replace);
            return fs.getFileStatus(dst).getLen();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + uri + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                try {
                    fs.delete(tmp, false);
                } catch (IOException ignored) {
                    // a hidden leftover is invisible to readers; gc removes it
                }
            }
        }
    }

    /** All rows of a file, or only the columns of {@code projection} when it is not null. Errors name the file. */
    public static List<Group> read(String uri, MessageType projection, Configuration conf) {
        Path p = HadoopFiles.toPath(uri);
        Configuration c = conf;
        if (projection != null) {
            c = new Configuration(conf);
            c.set(ReadSupport.PARQUET_READ_SCHEMA, projection.toString());
        }
        List<Group> out = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), p).withConf(c).build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                out.add(g);
            }
            return out;
        } catch (FileNotFoundException e) {
            throw new BadInputException(uri, "file not found", e);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(uri, "unreadable Parquet file (corrupt or truncated?): " + e, e);
        }
    }

    /**
     * Renames a finished temporary file to its final name. HDFS refuses to rename onto an existing file (false) and
     * s3a throws {@link org.apache.hadoop.fs.FileAlreadyExistsException}; then the old file is deleted first when
     * {@code replace} (a moment with no file, never one with a partial file), else kept. Returns whether tmp was used.
     */
    public static boolean publish(FileSystem fs, Path tmp, Path dst, boolean replace) throws IOException {
        boolean renamed;
        try {
            renamed = fs.rename(tmp, dst);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            renamed = false;
        }
        if (renamed) {
            return true;
        }
        if (!fs.exists(dst)) {
            throw new IOException("rename of " + tmp + " to " + dst + " failed");
        }
        if (!replace) {
            return false;
        }
        fs.delete(dst, false);
        if (!fs.rename(tmp, dst)) {
            throw new IOException("rename of " + tmp + " to " + dst + " failed");
        }
        return true;
    }

    /** Writes small bytes (a version JSON, CURRENT) atomically, replacing an existing file on any file system. */
    public static void writeBytes(String uri, byte[] bytes, Configuration conf) {
        Path dst = HadoopFiles.toPath(uri);
        FileSystem fs = fs(dst, conf);
        Path tmp = new Path(dst.getParent(), TempNames.temp(dst.getName()));
        boolean done = false;
        try {
            fs.mkdirs(dst.getParent());
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                out.write(bytes);
            }
            done = publish(fs, tmp, dst, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + uri + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                try {
                    fs.delete(tmp, false);
                } catch (IOException ignored) {
                    // hidden leftovers are invisible to readers; gc removes them
                }
            }
        }
    }

    public static FileSystem fs(Path p, Configuration conf) {
        try {
            FileSystem fs = p.getFileSystem(conf);
            return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
        } catch (IOException e) {
            throw new UncheckedIOException("no file system for " + p + ": " + e.getMessage(), e);
        }
    }

    /** Parquet's output on a given file system (Parquet's own HadoopOutputFile would pick the checksumming one). */
    private record FsOutputFile(FileSystem fs, Path path) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            return wrap(fs.create(path, false));
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            return wrap(fs.create(path, true));
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return path.toString();
        }

        private static PositionOutputStream wrap(FSDataOutputStream out) {
            return new DelegatingPositionOutputStream(out) {
                @Override
                public long getPos() throws IOException {
                    return out.getPos();
                }
            };
        }
    }
}
