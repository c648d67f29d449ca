package org.gss.jobs.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.gss.config.GssConfig;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.data.layout.Skipped;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;
import org.gss.jobs.JobProgress;
import org.gss.spark.JobStage;
import org.gss.store.CacheCatalog;
import org.gss.store.CacheLock;
import org.gss.store.CachePaths;
import org.gss.store.ManifestStore;
import org.gss.store.OutputRoots;
import org.gss.store.VersionIndex;
import org.gss.store.VersionStore;
import org.gss.tokenizer.cache.CacheEntry;
import org.gss.tokenizer.cache.CacheKeys;
import org.gss.tokenizer.cache.CacheVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gss token-cache build}: brings the cache up to date with the sample manifest and the configuration.
 *
 * <ol>
 *   <li>Keys: palette, tokenizer fingerprint, view geometry and set, label mappings, pseudo-label source and the
 *       manifest's content hash give the version key and id. If that version exists complete (and skipped no
 *       sample), the build only moves {@code CURRENT} to it ("cache up to date").</li>
 *   <li>Under the cache lock, the key columns of every finished segment are read (the catalog), and each (sample,
 *       view) whose (sample key, entry key, view) no segment has becomes work, grouped by manifest shard.</li>
 *   <li>One Spark task per shard encodes its samples and writes one segment file atomically
 *       ({@link ShardEncoder}).</li>
 *   <li>The version's entry index, then its JSON, then {@code CURRENT} are written, each atomically. A build killed
 *       before that leaves only segments, which the next build reuses.</li>
 * </ol>
 */
public final class TokenCacheBuild {
    private static final Logger LOG = LoggerFactory.getLogger(TokenCacheBuild.class);

    private TokenCacheBuild() {
    }

    /**
     * What a build did. Samples count manifest samples (not skipped); an encoded sample had at least one view encoded,
     * a reused one had all its entries found in existing segments.
     */
    public record Result(String versionId, boolean upToDate, long samples, long samplesEncoded, long samplesReused,
            long entriesEncoded, long entriesReused, long pseudoLabeledSamples, long segmentsWritten, long bytesWritten,
            List<Skipped> skipped, double seconds) {
        /** Encoded samples per second of the whole build. */
        public double imagesPerSecond() {
            return samplesEncoded / Math.max(seconds, 1e-9);
        }

        public String message() {
            if (upToDate) {
                return String.format(Locale.ROOT, "cache up to date: version %s, 0 samples to encode (%d samples, %d"
                        + " entries)", versionId, samples, entriesReused);
            }
            return String.format(Locale.ROOT, "token-cache build: version %s: %d samples (%d encoded, %d reused), %d"
                    + " entries (%d encoded, %d reused)%s; %d segments, %d bytes written in %.1fs (%.2f images/s)",
                    versionId, samples, samplesEncoded, samplesReused, entriesEncoded + entriesReused, entriesEncoded,
                    entriesReused, pseudoLabeledSamples > 0 ? ", " + pseudoLabeledSamples + " pseudo-labeled samples"
                            : "", segmentsWritten, bytesWritten, seconds, imagesPerSecond());
        }
    }

    /** Builds with the configuration's settings; {@code pseudoLabels} overrides {@code gss.token-cache.pseudo-labels}. */
    public static Result run(SparkSession spark, GssConfig cfg, Optional<String> pseudoLabels) {
        TokenCacheSettings s = TokenCacheSettings.from(cfg);
        if (pseudoLabels.isPresent()) {
            s = s.withPseudoLabels(pseudoLabels.get());
        }
        return run(spark, s, cfg.hash());
    }

    public static Result run(SparkSession spark, TokenCacheSettings s, String configHash) {
        long t0 = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        OutputRoots.requireWritable("gss.token-cache.root", s.root(), conf);
        CacheInputs in = CacheInputs.open(s, conf);
        CachePaths paths = CachePaths.of(s.root(), conf);
        String manifestUri = HadoopFiles.qualify(s.manifest(), conf);
        String manifestHash = String.valueOf(ManifestStore.info(manifestUri, conf).get("contentHash"));
        // the sample datasets (for the label mappings) come from the manifest rows; a version built from the same
        // manifest content has the same ones, which lets an up-to-date check skip reading the rows
        Optional<Set<String>> known = VersionStore.all(paths, conf).stream()
                .filter(v -> v.key().manifestContentHash().equals(manifestHash))
                .map(v -> (Set<String>) new TreeSet<>(v.key().mappings().keySet())).findFirst();
        List<ManifestEntry> manifest = known.isPresent() ? null : ManifestStore.read(spark, manifestUri);
        CacheVersion.Key key = in.versionKey(manifest == null ? known.get() : datasetsOf(manifest), manifestHash);
        String id = CacheVersion.idOf(key);

        try (CacheLock lock = CacheLock.acquire(paths.lock(), "token-cache build " + id, s.lockWaitSeconds(), conf)) {
            Optional<CacheVersion> existing = VersionStore.find(paths, id, conf);
            // a version that skipped bad samples is retried: their files may have been fixed since
            if (existing.isPresent() && existing.get().skipped().isEmpty()
                    && VersionStore.complete(paths, existing.get(), conf)) {
                if (!VersionStore.current(paths, conf).equals(Optional.of(id))) {
                    VersionStore.setCurrent(paths, id, conf);
                    LOG.info("token-cache: CURRENT now names the existing version {}", id);
                }
                CacheVersion v = existing.get();
                return new Result(id, true, v.counts().samples(), 0, v.counts().samples(), 0, v.counts().entries(),
                        v.counts().pseudoLabeledSamples(), 0, 0, v.skipped(), seconds(t0));
            }
            if (manifest == null) {
                manifest = ManifestStore.read(spark, manifestUri);
            }
            CacheCatalog catalog;
            try (JobStage stage = JobStage.begin(spark, "token-cache build", "read the keys of the existing segments")) {
                catalog = CacheCatalog.scan(spark, paths, conf);
            }
            LOG.info("token-cache: {} entries in {} segments under {}", catalog.entries(), catalog.segments(),
                    paths.root());
            Plan plan = plan(manifest, in, catalog);
            List<ShardWork.Result> results = encode(spark, s, in, paths, plan);
            CacheVersion v = publish(paths, s, in, key, id, manifest, manifestUri, catalog, plan, results, configHash,
                    t0, conf);
            CacheVersion.Build b = v.build();
            return new Result(id, false, v.counts().samples(), b.samplesEncoded(), b.samplesReused(),
                    b.entriesEncoded(), b.entriesReused(), v.counts().pseudoLabeledSamples(), b.segmentsWritten(),
                    results.stream().mapToLong(ShardWork.Result::bytes).sum(), v.skipped(), seconds(t0));
        }
    }

    private static Set<String> datasetsOf(List<ManifestEntry> manifest) {
        Set<String> out = new TreeSet<>();
        manifest.forEach(e -> out.add(e.dataset()));
        return out;
    }

    /** The reuse decisions (sample key → entry key) and the tasks for everything else. */
    record Plan(Map<String, String> reused, List<ShardWork.Task> tasks, long samplesToEncode) {
    }

    static Plan plan(List<ManifestEntry> manifest, CacheInputs in, CacheCatalog catalog) {
        List<String> views = in.settings.views().stream().map(AugmentationView::id).toList();
        Map<String, String> reused = new HashMap<>();
        Set<String> planned = new HashSet<>();
        Map<String, List<ShardWork.SampleWork>> byShard = new LinkedHashMap<>();
        long count = 0;
        for (ManifestEntry e : manifest) {
            String sk = CacheKeys.sampleKey(e);
            if (reused.containsKey(sk) || !planned.add(sk)) {
                continue; // the same files twice in the manifest: one set of entries serves both
            }
            String base = in.baseKey(e.dataset()).hash();
            String pseudo = in.pseudo == null ? "" : in.pseudoKey(e.dataset()).hash();
            List<String> missingBase = missing(catalog, sk, base, views);
            List<String> missingPseudo = pseudo.isEmpty() ? List.of() : missing(catalog, sk, pseudo, views);
            String decided = null;
            if (pseudo.isEmpty()) {
                decided = missingBase.isEmpty() ? base : null;
            } else if (missingPseudo.isEmpty()) {
                decided = pseudo;
            } else if (missingBase.isEmpty() && unlabeled(catalog, sk, base, pseudo, views) == 0) {
                decided = base; // fully labeled: shared with the ground-truth entries
            }
            if (decided != null) {
                reused.put(sk, decided);
                planned.remove(sk);
                continue;
            }
            count++;
            byShard.computeIfAbsent(e.dataset() + "\u0000" + e.split() + "\u0000" + e.shard(), k -> new ArrayList<>())
                    .add(new ShardWork.SampleWork(e, sk, base, pseudo, missingBase, missingPseudo));
        }
        List<ShardWork.Task> tasks = new ArrayList<>();
        for (List<ShardWork.SampleWork> ws : byShard.values()) {
            ManifestEntry first = ws.get(0).entry();
            tasks.add(new ShardWork.Task(first.dataset(), first.split(), first.shard(), List.copyOf(ws)));
        }
        return new Plan(reused, tasks, count);
    }

    private static List<String> missing(CacheCatalog catalog, String sk, String entryKey, List<String> views) {
        return views.stream().filter(v -> catalog.find(sk, entryKey, v) == null).toList();
    }

    /** The ground truth's unlabeled pixel count, from any entry of the sample under these keys; -1 if none. */
    private static long unlabeled(CacheCatalog catalog, String sk, String base, String pseudo, List<String> views) {
        for (String k : List.of(base, pseudo)) {
            for (String v : views) {
                CacheCatalog.Located l = catalog.find(sk, k, v);
                if (l != null) {
                    return l.unlabeledPixels();
                }
            }
        }
        return -1;
    }

    private static List<ShardWork.Result> encode(SparkSession spark, TokenCacheSettings s, CacheInputs in,
            CachePaths paths, Plan plan) {
        if (plan.tasks().isEmpty()) {
            return List.of();
        }
        LOG.info("token-cache: {} samples to encode in {} shards ({} reused)", plan.samplesToEncode(),
                plan.tasks().size(), plan.reused().size());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration sc = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        ShardEncoder.Context ctx = new ShardEncoder.Context(s, in.palette, in.fingerprint, paths.root(), in.pseudo);
        try (JobStage stage = JobStage.begin(spark, "token-cache build", "encode " + plan.samplesToEncode()
                + " images in " + plan.tasks().size() + " shards");
                JobProgress images = JobProgress.start(spark, "token-cache build", "images", plan.samplesToEncode());
                JobProgress shards = JobProgress.start(spark, "token-cache build", "shards", plan.tasks().size())) {
            LongAccumulator imagesDone = images.counter();
            LongAccumulator shardsDone = shards.counter();
            List<ShardWork.Result> results = jsc.parallelize(plan.tasks(), plan.tasks().size()).map(t -> {
                ShardWork.Result r = ShardEncoder.run(t, ctx, sc.value(), imagesDone);
                shardsDone.add(1);
                return r;
            }).collect();
            LOG.info(shards.summary());
            LOG.info(images.summary());
            return results;
        }
    }

    private static CacheVersion publish(CachePaths paths, TokenCacheSettings s, CacheInputs in, CacheVersion.Key key,
            String id, List<ManifestEntry> manifest, String manifestUri, CacheCatalog catalog, Plan plan,
            List<ShardWork.Result> results, String configHash, long t0, Configuration conf) {
        Map<String, String> decided = new HashMap<>(plan.reused());
        Map<String, String> newSegmentOf = new HashMap<>();
        Map<String, Long> newBytes = new HashMap<>();
        Map<String, Skipped> skippedBySample = new HashMap<>();
        long entriesEncoded = 0;
        for (ShardWork.Result r : results) {
            if (!r.segment().isEmpty()) {
                newBytes.put(r.segment(), r.bytes());
            }
            for (ShardWork.SampleOutcome o : r.samples()) {
                decided.put(o.sampleKey(), o.entryKey());
                for (String v : o.viewsEncoded()) {
                    newSegmentOf.put(CacheEntry.id(o.sampleKey(), o.entryKey(), v), r.segment());
                }
                entriesEncoded += o.viewsEncoded().size();
            }
            for (Skipped k : r.skipped()) {
                skippedBySample.put(k.dataset() + "/" + k.split() + "/" + k.id(), k);
            }
        }
        List<VersionIndex.Row> rows = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        Map<String, Long> entriesPerSegment = new TreeMap<>();
        Map<String, Long> perSplit = new TreeMap<>();
        Set<String> pseudoSamples = new HashSet<>();
        Set<String> encodedSampleKeys = new HashSet<>();
        for (ShardWork.Result r : results) {
            r.samples().stream().filter(o -> !o.viewsEncoded().isEmpty()).forEach(o -> encodedSampleKeys.add(
                    o.sampleKey()));
        }
        long samples = 0;
        long samplesEncodedInManifest = 0;
        for (ManifestEntry e : manifest) {
            String sk = CacheKeys.sampleKey(e);
            String entryKey = decided.get(sk);
            if (entryKey == null) {
                Skipped k = skippedBySample.get(e.dataset() + "/" + e.split() + "/" + e.sampleId());
                skipped.add(k != null ? k : new Skipped(e.dataset(), e.split(), e.sampleId(), e.labelUri(),
                        "same files as a skipped sample"));
                continue;
            }
            samples++;
            samplesEncodedInManifest += encodedSampleKeys.contains(sk) ? 1 : 0;
            perSplit.merge(e.split(), 1L, Long::sum);
            if (in.pseudo != null && entryKey.equals(in.pseudoKey(e.dataset()).hash())) {
                pseudoSamples.add(e.dataset() + "/" + e.split() + "/" + e.sampleId());
            }
            for (AugmentationView v : s.views()) {
                String eid = CacheEntry.id(sk, entryKey, v.id());
                String seg = newSegmentOf.get(eid);
                if (seg == null) {
                    CacheCatalog.Located l = catalog.find(sk, entryKey, v.id());
                    if (l == null) {
                        throw new IllegalStateException("token-cache build: no entry for " + e.sampleId() + " view "
                                + v.id() + " after encoding (a bug)");
                    }
                    seg = l.segment();
                }
                entriesPerSegment.merge(seg, 1L, Long::sum);
                rows.add(new VersionIndex.Row(e.dataset(), e.split(), e.sampleId(), v.id(), sk, entryKey, seg));
            }
        }
        if (samples == 0) {
            throw new BadInputException(manifestUri, "no usable samples for the token cache (" + skipped.size()
                    + " skipped)");
        }
        List<CacheVersion.Segment> segments = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, Long> en : entriesPerSegment.entrySet()) {
            long b = newBytes.containsKey(en.getKey()) ? newBytes.get(en.getKey()) : catalog.bytes(en.getKey());
            segments.add(new CacheVersion.Segment(en.getKey(), en.getValue(), b));
            bytes += b;
        }
        String index = CachePaths.versionIndex(id);
        VersionIndex.write(paths.resolve(index), rows, conf);
        CacheVersion.Build build = new CacheVersion.Build(samplesEncodedInManifest, samples - samplesEncodedInManifest,
                entriesEncoded, rows.size() - entriesEncoded, newBytes.size(), seconds(t0));
        CacheVersion v = new CacheVersion(CacheVersion.FORMAT, id, Instant.now().toString(), s.dataset().name(),
                manifestUri, key, s.views().stream().map(AugmentationView::id).toList(),
                new CacheVersion.Counts(samples, rows.size(), pseudoSamples.size(), perSplit), bytes, segments, index,
                skipped, build, configHash);
        VersionStore.write(paths, v, conf);
        VersionStore.setCurrent(paths, id, conf);
        if (!skipped.isEmpty()) {
            LOG.warn("token-cache: {} samples skipped (listed in {}): first: {}", skipped.size(),
                    CachePaths.versionJson(id), skipped.get(0).reason());
        }
        return v;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
