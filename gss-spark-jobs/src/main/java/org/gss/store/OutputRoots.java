package org.gss.store;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.gss.config.ConfigError;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.fs.TempNames;

/**
 * Checks at a job's start that an output location can be written: its parent folder is created (it will hold the
 * job's hidden temporary sibling) and a probe file is written and removed there and, if the location is an existing
 * folder, inside it; stale temporary siblings of dead writers are removed ({@link TempNames}). A job then fails in seconds naming the key and the reason, not at the end of its work with
 * Hadoop's {@code Mkdirs failed} on a hidden temporary path.
 */
public final class OutputRoots {
    private OutputRoots() {
    }

    /** @throws ConfigError naming {@code key}, the location and why it cannot be written */
    public static void requireWritable(String key, String location, Configuration conf) {
        Path target;
        FileSystem fs;
        try {
            target = HadoopFiles.toPath(location);
            fs = target.getFileSystem(conf);
            fs = fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
            target = fs.makeQualified(target);
        } catch (IOException | IllegalArgumentException e) {
            throw unwritable(key, location, "no file system for it (" + e.getMessage() + ")");
        }
        Path parent = target.getParent();
        if (parent == null) {
            throw unwritable(key, location, "it is a file system root");
        }
        try {
            FileStatus existing = status(fs, target);
            if (existing != null && !existing.isDirectory()) {
                throw unwritable(key, location, "it exists and is a file, not a folder");
            }
            if (!fs.mkdirs(parent)) {
                throw unwritable(key, location, "its folder " + parent + " cannot be created");
            }
            probe(fs, parent);
            // hidden leftovers of earlier runs of this output whose writers died
            TempNames.cleanStale(parent.toString(), target.getName(), conf);
            if (existing != null) {
                probe(fs, target);
            }
        } catch (IOException e) {
            throw unwritable(key, location, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static FileStatus status(FileSystem fs, Path p) throws IOException {
        try {
            return fs.getFileStatus(p);
        } catch (java.io.FileNotFoundException e) {
            return null;
        }
    }

    private static void probe(FileSystem fs, Path folder) throws IOException {
        Path probe = new Path(folder, ".gss-write-check-" + UUID.randomUUID());
        try (OutputStream out = fs.create(probe, false)) {
            out.write(0);
        } finally {
            fs.delete(probe, false);
        }
    }

    private static ConfigError unwritable(String key, String location, String reason) {
        return new ConfigError(key + " = " + location + " cannot be written: " + reason + ". Point " + key
                + " at a writable folder");
    }
}
