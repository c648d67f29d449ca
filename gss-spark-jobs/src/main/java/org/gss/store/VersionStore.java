package org.gss.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.tokenizer.cache.CacheVersion;

/** Reads and writes version manifests and the CURRENT pointer of a cache root. */
public final class VersionStore {
    private VersionStore() {
    }

    public static Optional<String> current(CachePaths p, Configuration conf) {
        // on HDFS and s3a a replacement of CURRENT has a short moment without the file: look again before giving up
        for (int attempt = 0; !HadoopFiles.exists(p.current(), conf); attempt++) {
            if (attempt == 2 || !HadoopFiles.exists(p.resolve(CachePaths.VERSIONS), conf)) {
                return Optional.empty();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        String id = new String(HadoopFiles.readAllBytes(p.current(), conf), StandardCharsets.UTF_8).strip();
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /**
     * Points readers at {@code id}: one rename on local disks; on HDFS and s3a the old pointer is deleted just before
     * the rename (readers retry a missing CURRENT; they never see a partial one).
     */
    public static void setCurrent(CachePaths p, String id, Configuration conf) {
        ParquetFiles.writeBytes(p.current(), (id + "\n").getBytes(StandardCharsets.UTF_8), conf);
    }

    public static Optional<CacheVersion> find(CachePaths p, String id, Configuration conf) {
        String uri = p.resolve(CachePaths.versionJson(id));
        if (!HadoopFiles.exists(uri, conf)) {
            return Optional.empty();
        }
        return Optional.of(CacheVersion.fromJson(HadoopFiles.readAllBytes(uri, conf), uri));
    }

    public static CacheVersion read(CachePaths p, String id, Configuration conf) {
        return find(p, id, conf).orElseThrow(() -> new BadInputException(p.resolve(CachePaths.versionJson(id)),
                "no such token-cache version (gss token-cache status lists them)"));
    }

    /** The named version, or the one CURRENT names. */
    public static CacheVersion resolve(CachePaths p, Optional<String> id, Configuration conf) {
        if (id.isPresent()) {
            return read(p, id.get(), conf);
        }
        String cur = current(p, conf).orElseThrow(() -> new BadInputException(p.current(),
                "no current token-cache version here: run gss token-cache build first"));
        return read(p, cur, conf);
    }

    /** Every version under the root, oldest first. Unreadable ones are errors naming the file. */
    public static List<CacheVersion> all(CachePaths p, Configuration conf) {
        List<CacheVersion> out = new ArrayList<>();
        for (CachePaths.FileInfo f : p.list(CachePaths.VERSIONS, false, conf)) {
            if (f.relative().endsWith(".json")) {
                String uri = p.resolve(f.relative());
                out.add(CacheVersion.fromJson(HadoopFiles.readAllBytes(uri, conf), uri));
            }
        }
        out.sort(Comparator.comparing(CacheVersion::createdAt).thenComparing(CacheVersion::id));
        return out;
    }

    public static void write(CachePaths p, CacheVersion v, Configuration conf) {
        ParquetFiles.writeBytes(p.resolve(CachePaths.versionJson(v.id())), v.toJson(), conf);
    }

    /** Whether the version's index and every segment it uses exist. */
    public static boolean complete(CachePaths p, CacheVersion v, Configuration conf) {
        if (!HadoopFiles.exists(p.resolve(v.index()), conf)) {
            return false;
        }
        for (CacheVersion.Segment s : v.segments()) {
            if (!HadoopFiles.exists(p.resolve(s.path()), conf)) {
                return false;
            }
        }
        return true;
    }
}
