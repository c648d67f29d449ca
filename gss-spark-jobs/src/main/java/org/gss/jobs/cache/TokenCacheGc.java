package org.gss.jobs.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.HadoopFiles;
import org.gss.store.CacheLock;
import org.gss.store.CachePaths;
import org.gss.store.VersionStore;
import org.gss.tokenizer.cache.CacheVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gss token-cache gc}: keeps the version {@code CURRENT} names and the {@code keep-versions} newest ones;
 * removes the others (JSON first, so a removed version disappears at once, then its index), every segment file no kept
 * version uses (including those a killed build left, which a later build would otherwise have reused), hidden
 * temporary files, and indexes without a version. Holds the cache lock, so it never runs beside a build.
 */
public final class TokenCacheGc {
    private static final Logger LOG = LoggerFactory.getLogger(TokenCacheGc.class);

    private TokenCacheGc() {
    }

    public record Result(List<String> kept, List<String> removed, long segmentsRemoved, long bytesFreed,
            long otherFilesRemoved, boolean dryRun) {
        public String message() {
            return String.format(Locale.ROOT, "token-cache gc%s: kept %s; %s %d versions %s, %d segment files (%s),"
                    + " %d temporary/orphan files", dryRun ? " (dry run)" : "", kept, dryRun ? "would remove"
                            : "removed", removed.size(), removed, segmentsRemoved, TokenCacheStatus.bytes(bytesFreed),
                    otherFilesRemoved);
        }
    }

    public static Result run(Configuration conf, TokenCacheSettings s, boolean dryRun) {
        CachePaths paths = CachePaths.of(s.root(), conf);
        if (dryRun) {
            return collect(paths, s, conf, true);
        }
        try (CacheLock lock = CacheLock.acquire(paths.lock(), "token-cache gc", s.lockWaitSeconds(), conf)) {
            return collect(paths, s, conf, false);
        }
    }

    private static Result collect(CachePaths paths, TokenCacheSettings s, Configuration conf, boolean dryRun) {
        List<CacheVersion> versions = new ArrayList<>(VersionStore.all(paths, conf));
        Optional<String> current = VersionStore.current(paths, conf);
        versions.sort(Comparator.comparing(CacheVersion::createdAt).reversed());
        Set<String> keep = new HashSet<>();
        versions.stream().limit(s.keepVersions()).forEach(v -> keep.add(v.id()));
        current.ifPresent(keep::add);
        List<String> kept = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Set<String> used = new HashSet<>();
        Set<String> keptFiles = new HashSet<>();
        for (CacheVersion v : versions) {
            if (keep.contains(v.id())) {
                kept.add(v.id());
                v.segments().forEach(seg -> used.add(seg.path()));
                keptFiles.add(CachePaths.versionJson(v.id()));
                keptFiles.add(v.index());
            } else {
                removed.add(v.id());
                if (!dryRun) {
                    HadoopFiles.delete(paths.resolve(CachePaths.versionJson(v.id())), conf);
                    HadoopFiles.delete(paths.resolve(v.index()), conf);
                }
            }
        }
        long segs = 0;
        long bytes = 0;
        for (CachePaths.FileInfo f : paths.list(CachePaths.SEGMENTS, false, conf)) {
            if (!used.contains(f.relative())) {
                segs++;
                bytes += f.bytes();
                if (!dryRun) {
                    HadoopFiles.delete(paths.resolve(f.relative()), conf);
                }
            }
        }
        long other = 0;
        for (String dir : List.of(CachePaths.SEGMENTS, CachePaths.VERSIONS)) {
            for (CachePaths.FileInfo f : paths.list(dir, true, conf)) {
                boolean hidden = java.util.Arrays.stream(f.relative().split("/")).anyMatch(n -> n.startsWith("."));
                boolean orphanIndex = dir.equals(CachePaths.VERSIONS) && !hidden && !keptFiles.contains(f.relative())
                        && !removedFile(f.relative(), removed);
                if (hidden || orphanIndex) {
                    other++;
                    if (!dryRun) {
                        HadoopFiles.delete(paths.resolve(f.relative()), conf);
                    }
                }
            }
        }
        Result r = new Result(kept, removed, segs, bytes, other, dryRun);
        LOG.info(r.message());
        return r;
    }

    private static boolean removedFile(String relative, List<String> removed) {
        return removed.stream().anyMatch(id -> relative.equals(CachePaths.versionJson(id))
                || relative.equals(CachePaths.versionIndex(id)));
    }
}
