package org.gss.data.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Hidden names of work in progress beside its final name — {@code .<name>.tmp-<pid>@<host>-<uuid>} while writing,
 * {@code .<name>.old-<pid>@<host>-<uuid>} for a replaced folder being deleted — and the cleaning of those left by
 * writers that died. A leftover is stale when its writer ran on this host and its process is gone, or, for names that
 * do not say (written before writers were named) or writers on other hosts, when it is older than a day.
 */
public final class TempNames {
    private static final Pattern NAME = Pattern.compile(
            "^\\.(.+)\\.(tmp|old)-(?:(\\d+)@(.+)-)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$");
    private static final Duration UNKNOWN_WRITER_AGE = Duration.ofDays(1);
    private static final String WRITER = ProcessHandle.current().pid() + "@" + host();

    private TempNames() {
    }

    /** A temporary name for {@code finalName} in the same folder, naming this process. */
    public static String temp(String finalName) {
        return "." + finalName + ".tmp-" + WRITER + "-" + UUID.randomUUID();
    }

    /** A name to move a replaced {@code finalName} aside to before deleting it. */
    public static String old(String finalName) {
        return "." + finalName + ".old-" + WRITER + "-" + UUID.randomUUID();
    }

    /**
     * Deletes the stale leftovers in {@code folder} (of every final name, or only of {@code onlyFor} when not null).
     * An {@code .old-} folder is kept while its final name is missing: it may be the only copy (a writer killed
     * between moving the old folder aside and renaming the new one in). Returns how many were deleted.
     */
    public static int cleanStale(String folder, String onlyFor, Configuration conf) {
        Path dir = HadoopFiles.toPath(folder);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            fs = fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
            FileStatus[] entries;
            try {
                entries = fs.listStatus(dir);
            } catch (FileNotFoundException e) {
                return 0;
            }
            int deleted = 0;
            long now = System.currentTimeMillis();
            for (FileStatus st : entries) {
                Matcher m = NAME.matcher(st.getPath().getName());
                if (!m.matches() || onlyFor != null && !onlyFor.equals(m.group(1))) {
                    continue;
                }
                boolean stale = writerGone(m.group(3), m.group(4))
                        .orElse(now - st.getModificationTime() > UNKNOWN_WRITER_AGE.toMillis());
                if (stale && m.group(2).equals("old") && !fs.exists(new Path(dir, m.group(1)))) {
                    stale = false;
                }
                if (stale && fs.delete(st.getPath(), true)) {
                    deleted++;
                }
            }
            return deleted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean temporary files in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Whether the named writer's process is gone; empty when that cannot be told from here. */
    private static Optional<Boolean> writerGone(String pid, String host) {
        if (pid == null || !host().equals(host)) {
            return Optional.empty();
        }
        return Optional.of(ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true));
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
