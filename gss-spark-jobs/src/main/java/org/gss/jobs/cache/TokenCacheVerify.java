package org.gss.jobs.cache;

import org.gss.spark.JobStage;
import org.gss.model.fill.PseudoLabelers;
import org.gss.store.CachePaths;
import org.gss.store.SegmentFiles;
import org.gss.store.VersionIndex;
import org.gss.store.VersionStore;
import org.gss.tokenizer.config.SharedTokenizers;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.gss.data.DatasetReaders;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;
import org.gss.maskige.Palette;
import org.gss.store.ManifestStore;
import org.gss.tokenizer.cache.CacheEntry;
import org.gss.tokenizer.cache.CacheKeys;
import org.gss.tokenizer.cache.CacheVersion;
import org.gss.tokenizer.cache.PseudoLabeler;
import org.gss.tokenizer.cache.SampleEncoder;
import org.gss.tokenizer.cache.TokenGrid;

/**
 * {@code gss token-cache verify}: re-reads a version and checks it.
 * <ol>
 *   <li>The index lists exactly {@code counts.entries} rows ({@code counts.samples} × views), and every segment the
 *       version names exists.</li>
 *   <li>Every segment is read in full (one Spark task each): every row's CRC32 matches, and every entry the index
 *       assigns to the segment is in it. An unreadable file is reported by name.</li>
 *   <li>A seeded random sample of {@code verify-samples} entries is re-encoded from the dataset's label files with the
 *       configured palette and tokenizer and compared token for token (and coverage code for code).</li>
 * </ol>
 * Problems make the report fail; notes (e.g. a sample changed since the build, so it cannot be re-encoded) do not.
 */
public final class TokenCacheVerify {
    private TokenCacheVerify() {
    }

    public record Report(String versionId, long entries, long segments, long entriesChecked, int reencoded,
            long tokensCompared, long tokensDiffering, List<String> notes, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public String message() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "token-cache verify: version %s: %s;"
                    + " %d entries in %d segments checked, %d re-encoded (%d of %d tokens differ)", versionId,
                    ok() ? "OK" : problems.size() + " PROBLEMS", entriesChecked, segments, reencoded, tokensDiffering,
                    tokensCompared));
            for (String p : problems) {
                sb.append("\n  problem: ").append(p);
            }
            for (String n : notes) {
                sb.append("\n  note: ").append(n);
            }
            return sb.toString();
        }
    }

    private record SegmentCheck(String segment, Set<String> expected) implements Serializable {
    }

    private record SegmentOutcome(String segment, long rows, List<String> problems) implements Serializable {
    }

    private record Reencode(VersionIndex.Row row, ManifestEntry sample, boolean pseudo) implements Serializable {
    }

    private record ReencodeOutcome(String what, long tokens, long differing, boolean coverageEqual, String problem)
            implements Serializable {
    }

    public static Report run(SparkSession spark, TokenCacheSettings s, Optional<String> versionId) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        CachePaths paths = CachePaths.of(s.root(), conf);
        CacheVersion v = VersionStore.resolve(paths, versionId, conf);
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        List<VersionIndex.Row> rows;
        try {
            rows = VersionIndex.read(paths.resolve(v.index()), conf);
        } catch (BadInputException e) {
            problems.add(e.getMessage());
            return new Report(v.id(), v.counts().entries(), v.segments().size(), 0, 0, 0, 0, notes, problems);
        }
        long samples = rows.stream().map(r -> r.dataset() + "/" + r.split() + "/" + r.sampleId()).distinct().count();
        if (rows.size() != v.counts().entries() || samples != v.counts().samples()
                || rows.size() != samples * v.views().size()) {
            problems.add("version " + v.id() + " counts " + v.counts().samples() + " samples / " + v.counts().entries()
                    + " entries with " + v.views().size() + " views, but its index lists " + samples + " samples / "
                    + rows.size() + " entries");
        }
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        v.segments().forEach(seg -> expected.put(seg.path(), new java.util.HashSet<>()));
        for (VersionIndex.Row r : rows) {
            Set<String> ids = expected.get(r.segment());
            if (ids == null) {
                problems.add("index row " + r.sampleId() + " " + r.view() + " names segment " + r.segment()
                        + ", which the version does not list");
            } else {
                ids.add(r.entryId());
            }
        }
        List<SegmentCheck> checks = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
            if (!HadoopFiles.exists(paths.resolve(e.getKey()), conf)) {
                problems.add("missing segment file " + paths.resolve(e.getKey()));
            } else {
                checks.add(new SegmentCheck(e.getKey(), e.getValue()));
            }
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration sc = new SerializableConfiguration(conf);
        String root = paths.root();
        long checked = 0;
        if (!checks.isEmpty()) {
            List<SegmentOutcome> outs;
            try (JobStage stage = JobStage.begin(spark, "token-cache verify", "check " + checks.size()
                    + " segments")) {
                outs = jsc.parallelize(checks, Math.max(1, Math.min(checks.size(),
                        jsc.defaultParallelism() * 2))).map(c -> checkSegment(root, c, sc.value())).collect();
            }
            for (SegmentOutcome o : outs) {
                checked += o.rows();
                problems.addAll(o.problems());
            }
        }

        long[] compared = new long[2];
        int reencoded = reencode(spark, s, v, paths, rows, notes, problems, compared);
        return new Report(v.id(), v.counts().entries(), v.segments().size(), checked, reencoded, compared[0],
                compared[1], notes, problems);
    }

    private static SegmentOutcome checkSegment(String root, SegmentCheck c, Configuration conf) {
        String uri = root + "/" + c.segment();
        List<String> problems = new ArrayList<>();
        List<CacheEntry> entries;
        try {
            entries = SegmentFiles.read(uri, conf);
        } catch (BadInputException e) {
            return new SegmentOutcome(c.segment(), 0, List.of(e.getMessage()));
        }
        Set<String> found = new java.util.HashSet<>();
        for (CacheEntry e : entries) {
            found.add(e.id());
            if (!e.checksumOk()) {
                problems.add(uri + ": entry of sample " + e.sampleId() + " view " + e.view()
                        + " fails its CRC32 checksum (corrupt)");
            }
        }
        List<String> absent = c.expected().stream().filter(id -> !found.contains(id)).sorted().toList();
        if (!absent.isEmpty()) {
            problems.add(uri + ": " + absent.size() + " entries the version lists are not in the file (first: "
                    + absent.get(0) + ")");
        }
        return new SegmentOutcome(c.segment(), entries.size(), problems);
    }

    private static int reencode(SparkSession spark, TokenCacheSettings s, CacheVersion v, CachePaths paths,
            List<VersionIndex.Row> rows, List<String> notes, List<String> problems, long[] compared) {
        if (s.verifySamples() == 0 || rows.isEmpty()) {
            return 0;
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        CacheInputs in = CacheInputs.open(s.withPseudoLabels(""), conf);
        List<String> differs = new ArrayList<>();
        if (!in.paletteHash.equals(v.key().palette())) {
            differs.add("palette");
        }
        if (!in.fingerprint.equals(v.key().tokenizer())) {
            differs.add("tokenizer weights");
        }
        if (!in.geometry.equals(v.key().geometry())) {
            differs.add("base size");
        }
        if (v.key().mappings().entrySet().stream().anyMatch(m -> !in.mappingHash(m.getKey()).equals(m.getValue()))) {
            differs.add("label mapping");
        }
        if (!differs.isEmpty()) {
            notes.add("entries not re-encoded: the configured " + String.join(", ", differs)
                    + " differ from the version's (verify with the configuration that built it)");
            return 0;
        }
        PseudoLabeler fill = pseudoFill(v, conf, notes);
        Map<String, ManifestEntry> samples = new HashMap<>();
        try {
            for (ManifestEntry e : ManifestStore.read(spark, v.manifest())) {
                samples.put(e.dataset() + "/" + e.split() + "/" + e.sampleId(), e);
            }
        } catch (BadInputException e) {
            notes.add("entries not re-encoded: " + e.getMessage());
            return 0;
        }
        List<VersionIndex.Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(s.verifySeed()));
        List<Reencode> chosen = new ArrayList<>();
        for (VersionIndex.Row r : shuffled) {
            if (chosen.size() == s.verifySamples()) {
                break;
            }
            ManifestEntry m = samples.get(r.dataset() + "/" + r.split() + "/" + r.sampleId());
            if (m == null || !CacheKeys.sampleKey(m).equals(r.sampleKey())) {
                notes.add("sample " + r.dataset() + "/" + r.split() + "/" + r.sampleId()
                        + " changed since the version was built: not re-encoded");
                continue;
            }
            boolean pseudo = !r.entryKey().equals(in.baseKey(r.dataset()).hash());
            if (pseudo && fill == null) {
                continue;
            }
            chosen.add(new Reencode(r, m, pseudo));
        }
        if (chosen.isEmpty()) {
            return 0;
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration sc = new SerializableConfiguration(conf);
        ShardEncoder.Context ctx = new ShardEncoder.Context(s, in.palette, in.fingerprint, paths.root(), fill);
        List<ReencodeOutcome> outs;
        try (JobStage stage = JobStage.begin(spark, "token-cache verify", "re-encode " + chosen.size()
                + " entries")) {
            outs = jsc.parallelize(chosen, Math.min(chosen.size(), jsc.defaultParallelism() * 2))
                    .map(c -> reencodeOne(c, ctx, sc.value())).collect();
        }
        for (ReencodeOutcome o : outs) {
            compared[0] += o.tokens();
            compared[1] += o.differing();
            if (o.problem() != null) {
                problems.add(o.problem());
            } else if (o.tokens() > 0 && (double) o.differing() / o.tokens() > s.verifyMaxMismatch()) {
                problems.add(o.what() + ": re-encoding gives " + o.differing() + " of " + o.tokens()
                        + " tokens different from the cache");
            } else if (!o.coverageEqual()) {
                problems.add(o.what() + ": re-computed coverage codes differ from the cache");
            }
        }
        return outs.size();
    }

    /**
     * The fill that made the version's pseudo-labeled entries, re-opened from its key (a checkpoint's network is
     * loaded and its model.zip must still have the recorded SHA-256); null, with a note, when there is none to use.
     */
    private static PseudoLabeler pseudoFill(CacheVersion v, Configuration conf, List<String> notes) {
        String source = v.key().pseudoSource();
        if (source.isEmpty()) {
            return null;
        }
        Optional<PseudoLabeler> fill = PseudoLabelers.fromSource(source);
        if (fill.isEmpty()) {
            notes.add("pseudo-labeled entries (" + source + ") are not re-encoded: that fill is not available here");
            return null;
        }
        try {
            fill.get().prepare(conf);
            return fill.get();
        } catch (BadInputException e) {
            notes.add("pseudo-labeled entries are not re-encoded: " + e.getMessage());
            return null;
        }
    }

    private static ReencodeOutcome reencodeOne(Reencode c, ShardEncoder.Context ctx, Configuration conf) {
        VersionIndex.Row r = c.row();
        String what = ctx.root() + "/" + r.segment() + " (sample " + r.sampleId() + ", view " + r.view() + ")";
        try {
            CacheEntry stored = SegmentFiles.read(ctx.root() + "/" + r.segment(), conf).stream()
                    .filter(e -> e.id().equals(r.entryId())).findFirst().orElse(null);
            if (stored == null) {
                return new ReencodeOutcome(what, 0, 0, false, what + ": entry not in the segment");
            }
            TokenCacheSettings s = ctx.settings();
            DatasetLayout layout = DatasetReaders.open(s.dataset(), conf);
            LabelMap labels = ShardEncoder.readLabels(layout, c.sample(), conf);
            LabelMap encoded = labels;
            if (c.pseudo()) {
                ctx.pseudo().prepare(conf);
                encoded = ShardEncoder.fill(ctx.pseudo(), c.sample(), labels, conf);
            }
            Palette palette = ctx.palette();
            SampleEncoder enc = new SampleEncoder(palette, SharedTokenizers.get(s.tokenizer(), ctx.fingerprint()),
                    s.geometry());
            TokenGrid fresh = enc.encodeView(labels, encoded, AugmentationView.parse(r.view()));
            TokenGrid cached = stored.grid();
            if (fresh.width() != cached.width() || fresh.height() != cached.height()) {
                return new ReencodeOutcome(what, 0, 0, false, what + ": cached grid is " + cached.width() + "x"
                        + cached.height() + ", re-encoding gives " + fresh.width() + "x" + fresh.height());
            }
            long diff = 0;
            for (int i = 0; i < fresh.tokens().length; i++) {
                diff += fresh.tokens()[i] != cached.tokens()[i] ? 1 : 0;
            }
            return new ReencodeOutcome(what, fresh.tokens().length, diff,
                    java.util.Arrays.equals(fresh.coverage(), cached.coverage()), null);
        } catch (BadInputException e) {
            return new ReencodeOutcome(what, 0, 0, false, what + ": " + e.getMessage());
        }
    }
}
