package org.gss.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.gss.data.fs.HadoopFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache root's {@code _lock}: a small JSON file (owner id, host, pid, command, since) created only if absent, so
 * that one build or gc at a time changes a cache. A second one fails at once naming the holder, or waits up to
 * {@code gss.token-cache.lock-wait} seconds for it. Closing deletes the file if it still names this owner.
 *
 * <p>Atomicity: local files are created with O_EXCL; HDFS's create(overwrite=false) is atomic at the NameNode. On s3a
 * "create if absent" is a check followed by a PUT, so two builds starting within the same instant could both write
 * it: the file is therefore read back after a short pause and the holder whose id is not in it backs off. A lock left
 * by a killed process stays until removed: {@code gss token-cache build --break-lock} (or deleting {@code _lock});
 * {@code --break-lock} refuses while the holder is a live process on this host ({@code --force-break-lock} overrides),
 * and {@code status} marks a lock whose holder on this host is gone as stale (docs/token-cache.md).
 */
public final class CacheLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CacheLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long S3_SETTLE_MILLIS = 500;
    /** The command-line flag that breaks a lock whose holder is alive. */
    static final String FORCE_FLAG = "--force-break-lock";

    private final String uri;
    private final String owner;
    private final Configuration conf;

    private CacheLock(String uri, String owner, Configuration conf) {
        this.uri = uri;
        this.owner = owner;
        this.conf = conf;
    }

    public static CacheLock acquire(String uri, String command, long waitSeconds, Configuration conf) {
        String owner = UUID.randomUUID().toString();
        byte[] content = describe(owner, command);
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (true) {
            if (tryCreate(uri, content, conf) && confirm(uri, owner, conf)) {
                return new CacheLock(uri, owner, conf);
            }
            if (System.nanoTime() >= deadline) {
                String holder = holder(uri, conf).orElse("(the lock vanished while checking; retry)");
                throw new CacheLockedException("token cache is locked by another build or gc: " + holder
                        + " (lock file " + uri + (waitSeconds > 0 ? ", waited " + waitSeconds + "s" : "")
                        + "). If that process is gone (killed), clear the stale lock with --break-lock or delete the"
                        + " file.");
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CacheLockedException("interrupted while waiting for the lock " + uri);
            }
        }
    }

    /** The holder's description, if the lock file exists. */
    public static Optional<String> holder(String uri, Configuration conf) {
        if (!HadoopFiles.exists(uri, conf)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(HadoopFiles.readAllBytes(uri, conf), StandardCharsets.UTF_8).strip());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the holder named in a lock file still runs, as far as this host can tell. */
    public enum HolderState {
        /** The holder is a live process on this host. */
        ALIVE,
        /** The holder ran on this host and its process is gone: the lock is stale. */
        DEAD,
        /** The holder ran on another host (or the file does not say): cannot be checked from here. */
        UNKNOWN
    }

    /** The state of the holder a lock file describes (its {@code host} and {@code pid}). */
    public static HolderState state(String holderJson) {
        try {
            Map<?, ?> m = JSON.readValue(holderJson, Map.class);
            if (!(m.get("pid") instanceof Number pid) || !host().equals(m.get("host"))) {
                return HolderState.UNKNOWN;
            }
            return ProcessHandle.of(pid.longValue()).map(ProcessHandle::isAlive).orElse(false) ? HolderState.ALIVE
                    : HolderState.DEAD;
        } catch (IOException | RuntimeException e) {
            return HolderState.UNKNOWN;
        }
    }

    /** The holder and what is known about it, for {@code status}: e.g. {@code {...} (STALE: ...)}. */
    public static Optional<String> describe(String uri, Configuration conf) {
        return holder(uri, conf).map(h -> h + switch (state(h)) {
            case ALIVE -> " (holder running on this host)";
            case DEAD -> " (STALE: its process is no longer running on this host; clear it with --break-lock)";
            case UNKNOWN -> " (holder on another host: make sure it is gone before --break-lock)";
        });
    }

    /**
     * Removes the lock of a killed run; returns the holder it removed. Refuses while the holder is a live process on
     * this host unless {@code force} (its build or gc would then run beside another).
     */
    public static Optional<String> breakLock(String uri, Configuration conf, boolean force) {
        Optional<String> h = holder(uri, conf);
        if (h.isPresent()) {
            if (!force && state(h.get()) == HolderState.ALIVE) {
                throw new CacheLockedException("not breaking the lock " + uri + ": its holder is still running on this"
                        + " host (" + h.get() + "). Wait for it or stop it; to remove the lock anyway pass "
                        + FORCE_FLAG);
            }
            HadoopFiles.delete(uri, conf);
            LOG.warn("token cache: removed the lock {} held by {}", uri, h.get());
        }
        return h;
    }

    @Override
    public void close() {
        Optional<String> h = holder(uri, conf);
        if (h.isPresent() && h.get().contains(owner)) {
            HadoopFiles.delete(uri, conf);
        }
    }

    private static boolean tryCreate(String uri, byte[] content, Configuration conf) {
        Path p = HadoopFiles.toPath(uri);
        try {
            if ("file".equals(p.toUri().getScheme())) {
                java.nio.file.Path local = java.nio.file.Path.of(p.toUri().getPath());
                Files.createDirectories(local.getParent());
                Files.write(local, content, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            }
            FileSystem fs = ParquetFiles.fs(p, conf);
            fs.mkdirs(p.getParent());
            try (OutputStream out = fs.create(p, false)) {
                out.write(content);
            }
            return true;
        } catch (FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (HadoopFiles.exists(uri, conf)) {
                return false;
            }
            throw new UncheckedIOException("cannot create the lock " + uri + ": " + e.getMessage(), e);
        }
    }

    /** On object stores a concurrent writer may have overwritten our lock: the file must still name us. */
    private static boolean confirm(String uri, String owner, Configuration conf) {
        if (!"file".equals(HadoopFiles.toPath(uri).toUri().getScheme())) {
            try {
                Thread.sleep(S3_SETTLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return holder(uri, conf).map(h -> h.contains(owner)).orElse(false);
    }

    private static byte[] describe(String owner, String command) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("owner", owner);
        m.put("host", host());
        m.put("pid", ProcessHandle.current().pid());
        m.put("command", command);
        m.put("since", Instant.now().toString());
        m.put("jvm", ManagementFactory.getRuntimeMXBean().getName());
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
