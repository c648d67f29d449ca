package org.gss.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.gss.data.fs.TempNames;

/**
 * Publishes a folder of job output atomically: everything is written under a hidden temporary sibling, then renamed to
 * its final name in one step (atomic on HDFS and local file systems; on s3a the rename is a copy, so readers must also
 * require the completion marker each artifact writes last, e.g. {@code _manifest.json}). A failed or killed job leaves
 * only a {@code .tmp-*} sibling naming its writer ({@link TempNames}), which no reader looks at and the next run's
 * start removes once that writer is gone.
 */
public final class AtomicDirectory {
    private final FileSystem fs;
    private final Path target;
    private final Path temp;

    private AtomicDirectory(FileSystem fs, Path target, Path temp) {
        this.fs = fs;
        this.target = target;
        this.temp = temp;
    }

    public static AtomicDirectory begin(String targetUri, Configuration conf) {
        try {
            Path target = new Path(targetUri);
            FileSystem fs = target.getFileSystem(conf);
            target = fs.makeQualified(target);
            Path temp = new Path(target.getParent(), TempNames.temp(target.getName()));
            if (!fs.mkdirs(temp)) {
                throw new IOException("mkdirs returned false (no permission, read-only file system, or a file in"
                        + " the way)");
            }
            return new AtomicDirectory(fs, target, temp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the temporary folder beside " + targetUri + ": "
                    + e.getMessage(), e);
        }
    }

    /** Where to write: the temporary folder. */
    public String tempUri() {
        return temp.toString();
    }

    public String targetUri() {
        return target.toString();
    }

    /** Replaces the target with the temporary folder (an existing target is moved aside first, then deleted). */
    public void commit() {
        try {
            Path old = null;
            if (fs.exists(target)) {
                old = new Path(target.getParent(), TempNames.old(target.getName()));
                if (!fs.rename(target, old)) {
                    throw new IOException("cannot move " + target + " aside");
                }
            }
            if (!fs.rename(temp, target)) {
                if (old != null) {
                    fs.rename(old, target);
                }
                throw new IOException("cannot rename " + temp + " to " + target);
            }
            if (old != null) {
                fs.delete(old, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + target, e);
        }
    }

    /** Removes the temporary folder (after a failure). */
    public void abort() {
        try {
            fs.delete(temp, true);
        } catch (IOException ignored) {
            // best effort: a leftover .tmp-* folder is invisible to readers
        }
    }
}
