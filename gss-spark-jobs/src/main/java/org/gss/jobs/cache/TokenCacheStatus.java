package org.gss.jobs.cache;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.gss.config.ConfigError;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.store.CacheLock;
import org.gss.store.CachePaths;
import org.gss.store.ManifestStore;
import org.gss.store.VersionStore;
import org.gss.tokenizer.cache.CacheVersion;

/**
 * {@code gss token-cache status}: the versions under a cache root (id, creation time, counts, bytes, key), which one
 * is current, whether it is stale with respect to the sample manifest and the configuration (and in which parts of
 * its key), the segment files no version uses (resume material of a killed build, or garbage for gc), and the lock.
 * Needs no Spark.
 */
public final class TokenCacheStatus {
    private TokenCacheStatus() {
    }

    /**
     * @param stale what differs between the current version's key and what a build now would use (empty: up to date)
     */
    public record Report(String root, Optional<String> current, List<CacheVersion> versions, List<String> stale,
            long segmentFiles, long segmentBytes, long unreferencedSegments, long unreferencedBytes,
            Optional<String> lock) {
        public boolean upToDate() {
            return current.isPresent() && stale.isEmpty();
        }

        public String render() {
            StringBuilder sb = new StringBuilder("token cache " + root + "\n");
            if (versions.isEmpty()) {
                sb.append("  no versions (run gss token-cache build)\n");
            }
            for (CacheVersion v : versions) {
                boolean cur = current.equals(Optional.of(v.id()));
                sb.append(String.format(Locale.ROOT, "%s %s  created %s  %d samples x %d views = %d entries,"
                        + " %s in %d segments%s%n", cur ? "*" : " ", v.id(), v.createdAt(), v.counts().samples(),
                        v.views().size(), v.counts().entries(), bytes(v.bytes()), v.segments().size(),
                        v.key().pseudoSource().isEmpty() ? "" : ", pseudo labels: " + v.key().pseudoSource() + " ("
                                + v.counts().pseudoLabeledSamples() + " samples)"));
                if (cur) {
                    CacheVersion.Key k = v.key();
                    sb.append("    key ").append(k.hash(), 0, 16).append(": palette ").append(k.palette(), 0, 12)
                            .append(" (").append(k.paletteSource().replaceAll("\\(.*", "")).append("), tokenizer ")
                            .append(k.tokenizerKind()).append(' ').append(k.tokenizer(), 0, 12).append(", ")
                            .append(k.geometry()).append(", views ").append(String.join(" ", v.views()))
                            .append(", mapping ").append(k.layout()).append(", manifest ")
                            .append(k.manifestContentHash(), 0, 12)
                            .append('\n');
                }
            }
            sb.append("  current: ").append(current.orElse("(none)"));
            if (current.isPresent()) {
                sb.append(stale.isEmpty() ? " (up to date with the manifest and configuration)"
                        : " (STALE: " + String.join(", ", stale) + " changed; gss token-cache build updates it)");
            }
            sb.append('\n');
            sb.append(String.format(Locale.ROOT, "  segments: %d files, %s; %d not used by any version (%s)%n",
                    segmentFiles, bytes(segmentBytes), unreferencedSegments, bytes(unreferencedBytes)));
            sb.append("  lock: ").append(lock.orElse("free")).append('\n');
            return sb.toString();
        }
    }

    public static Report run(Configuration conf, TokenCacheSettings s) {
        CachePaths paths = CachePaths.of(s.root(), conf);
        List<CacheVersion> versions = VersionStore.all(paths, conf);
        Optional<String> current = VersionStore.current(paths, conf);
        List<String> stale = new ArrayList<>();
        Optional<CacheVersion> cur = versions.stream().filter(v -> current.equals(Optional.of(v.id()))).findFirst();
        if (current.isPresent() && cur.isEmpty()) {
            stale.add("the version CURRENT names (" + current.get() + ") is missing");
        }
        if (cur.isPresent()) {
            CacheInputs in;
            try {
                in = CacheInputs.open(s, conf);
            } catch (ConfigError | BadInputException e) {
                // a pseudo-label source that cannot be opened here: compare with a ground-truth build
                stale.add("pseudo-label source (" + e.getMessage() + ")");
                in = CacheInputs.open(s.withPseudoLabels(""), conf);
            }
            String manifestHash;
            try {
                manifestHash = String.valueOf(ManifestStore.info(HadoopFiles.qualify(s.manifest(), conf), conf)
                        .get("contentHash"));
            } catch (BadInputException e) {
                manifestHash = "(no manifest: " + e.getMessage() + ")";
            }
            CacheVersion.Key now = in.versionKey(cur.get().key().mappings().keySet(), manifestHash);
            stale.addAll(cur.get().key().differences(now));
        }
        Set<String> used = new HashSet<>();
        versions.forEach(v -> v.segments().forEach(seg -> used.add(seg.path())));
        long files = 0;
        long bytes = 0;
        long unused = 0;
        long unusedBytes = 0;
        for (CachePaths.FileInfo f : paths.list(CachePaths.SEGMENTS, false, conf)) {
            files++;
            bytes += f.bytes();
            if (!used.contains(f.relative())) {
                unused++;
                unusedBytes += f.bytes();
            }
        }
        return new Report(paths.root(), current, versions, stale, files, bytes, unused, unusedBytes,
                CacheLock.describe(paths.lock(), conf));
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        if (b < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
        }
        return String.format(Locale.ROOT, "%.2f GiB", b / 1073741824.0);
    }
}
