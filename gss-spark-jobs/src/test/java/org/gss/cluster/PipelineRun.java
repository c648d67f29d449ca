package org.gss.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.gss.store.Checkpoints;
import org.gss.store.TokenCacheReader;
import org.gss.store.VersionIndex;
import org.gss.tokenizer.cache.CacheVersion;
import org.gss.tokenizer.cache.TokenGrid;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What one run of the pipeline (index → token-cache build → train → evaluate, all under one {@code gss.work-dir} with
 * the dataset {@code demo}) left behind, in forms that compare across runs: contents, never file bytes, paths or times.
 */
record PipelineRun(Path workDir) {
    private static final ObjectMapper JSON = new ObjectMapper();

    Path manifest() {
        return workDir.resolve("manifest/demo");
    }

    Path cacheRoot() {
        return workDir.resolve("token-cache/demo");
    }

    Path trainOut() {
        return workDir.resolve("train");
    }

    Path evalOut() {
        return workDir.resolve("eval");
    }

    /**
     * The current version of a token cache: its id (a hash of palette, tokenizer, views, label mappings and manifest
     * content), counts, views and every entry's tokens and coverage, keyed by sample, view and entry keys.
     */
    record CacheContents(String versionId, CacheVersion.Counts counts, List<String> views,
            Map<String, TokenGrid> entries) {
    }

    static CacheContents cache(Path root, Configuration conf) {
        TokenCacheReader reader = TokenCacheReader.open(conf, root.toString());
        Map<String, TokenGrid> entries = new TreeMap<>();
        for (VersionIndex.Row row : reader.rows()) {
            String key = String.join("/", row.dataset(), row.split(), row.sampleId(), row.view()) + " " + row.sampleKey()
                    + " " + row.entryKey();
            entries.put(key, reader.entry(row).orElseThrow().grid());
        }
        return new CacheContents(reader.version().id(), reader.version().counts(), reader.version().views(), entries);
    }

    /** For failure messages: where two caches differ (version, counts, views, which entries), or "" if nowhere. */
    static String differences(CacheContents a, CacheContents b) {
        StringBuilder sb = new StringBuilder();
        if (!a.versionId().equals(b.versionId())) {
            sb.append("version ").append(a.versionId()).append(" vs ").append(b.versionId()).append('\n');
        }
        if (!a.counts().equals(b.counts())) {
            sb.append("counts ").append(a.counts()).append(" vs ").append(b.counts()).append('\n');
        }
        if (!a.views().equals(b.views())) {
            sb.append("views ").append(a.views()).append(" vs ").append(b.views()).append('\n');
        }
        List<String> only = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        Set<String> keys = new TreeSet<>(a.entries().keySet());
        keys.addAll(b.entries().keySet());
        for (String k : keys) {
            TokenGrid x = a.entries().get(k);
            TokenGrid y = b.entries().get(k);
            if (x == null || y == null) {
                only.add(k + (x == null ? " (second only)" : " (first only)"));
            } else if (!x.equals(y)) {
                differ.add(k + ": tokens " + Arrays.toString(x.tokens()) + " vs " + Arrays.toString(y.tokens()));
            }
        }
        if (!only.isEmpty()) {
            sb.append(only.size()).append(" entries in one cache only, e.g. ").append(only.get(0)).append('\n');
        }
        if (!differ.isEmpty()) {
            sb.append(differ.size()).append(" entries differ, e.g. ").append(differ.get(0)).append('\n');
        }
        return sb.toString();
    }

    CacheContents cache(Configuration conf) {
        return cache(cacheRoot(), conf);
    }

    /** metrics.csv of training: held-out token and pixel CE and token accuracy at every logged iteration. */
    String trainingCurve() {
        return read(trainOut().resolve("metrics.csv"));
    }

    /** The latest checkpoint: its iteration and all parameters of the network, as stored. */
    record Parameters(int iteration, float[] values) {
    }

    Parameters latestParameters(Configuration conf) {
        Checkpoints.Meta meta = Checkpoints.latest(trainOut().toString(), conf)
                .orElseThrow(() -> new IllegalStateException("no checkpoint under " + trainOut()));
        var net = Checkpoints.loadNetwork(meta.path(), conf);
        return new Parameters(meta.iteration(), net.params().castTo(DataType.FLOAT).dup().data().asFloat());
    }

    /**
     * metrics.json without what names the run rather than the result: creation time, config hash and text, and the
     * paths of the checkpoint and manifest. Confusion matrices, per-class figures, means, prediction hashes and the
     * baseline stay.
     */
    JsonNode metrics() {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(evalOut().resolve("metrics.json").toFile());
            root.remove(List.of("createdAt", "configHash", "config"));
            ((ObjectNode) root.get("source")).remove("location");
            root.get("datasets").forEach(d -> ((ObjectNode) d).remove("manifest"));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For failure messages: the JSON paths at which two documents differ, with both values (at most {@code max}). */
    static List<String> differences(JsonNode a, JsonNode b, int max) {
        List<String> out = new ArrayList<>();
        diff("", a, b, out, max);
        return out;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out, int max) {
        if (out.size() >= max || a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                diff(path + "/" + n, a.path(n), b.path(n), out, max);
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(path + "/" + i, a.get(i), b.get(i), out, max);
            }
        } else {
            out.add(path + ": " + SubmitResult.tail(a.toString(), 200) + " vs " + SubmitResult.tail(b.toString(), 200));
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
