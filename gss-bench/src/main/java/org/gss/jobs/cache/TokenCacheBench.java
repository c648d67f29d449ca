package org.gss.jobs.cache;

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
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.gss.config.ConfigError;
import org.gss.data.DatasetReaders;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.LabelOps;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.SegmentationMetrics;
import org.gss.maskige.Inverse;
import org.gss.store.ManifestStore;
import org.gss.tokenizer.cache.CacheEntry;
import org.gss.tokenizer.cache.CacheKeys;
import org.gss.tokenizer.cache.CacheVersion;
import org.gss.tokenizer.cache.CropConsistency;
import org.gss.tokenizer.cache.PseudoLabeler;
import org.gss.tokenizer.cache.SampleEncoder;
import org.gss.tokenizer.cache.TokenGrid;

/**
 * {@code gss token-cache bench}: measures a version (docs/token-cache.md reports its figures).
 * <ul>
 *   <li>Crop consistency: for {@code bench.entries} entries (seeded), {@code bench.crops-per-entry} random crops of
 *       {@code bench.crop}² aligned to the token grid: the share of tokens where the crop of the cached map equals the
 *       tokens of encoding the cropped maskige directly ({@link CropConsistency}).</li>
 *   <li>Stage-I reconstruction of every entry: tokens → decoder → maskige → the configured inverse (nearest colour),
 *       against the view's ground-truth labels (ignore and padding dropped), summed into one confusion matrix:
 *       mIoU and aAcc as {@code org.gss.eval} computes them.</li>
 *   <li>Storage: bytes of the version's segment files per entry, and the raw token + coverage bytes per view.</li>
 * </ul>
 * One Spark task per segment file; needs the configuration that built the version (same palette and tokenizer).
 */
public final class TokenCacheBench {
    private TokenCacheBench() {
    }

    public record Result(String versionId, long entries, long entriesMeasured, long crops, CropConsistency.Count crop,
            ConfusionMatrix reconstruction, long bytes, Map<String, Long> rawBytesPerEntryByView, double seconds) {
        public double reconstructionMIoU() {
            return SegmentationMetrics.from(reconstruction).mIoU();
        }

        public double reconstructionAAcc() {
            return SegmentationMetrics.from(reconstruction).aAcc();
        }

        public String message() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "token-cache bench: version %s, %d"
                    + " entries%n  crop consistency: %.2f%% of %d tokens equal (%d crops of %d entries); by distance"
                    + " from the crop border:", versionId, entries, 100 * crop.share(), crop.total(), crops,
                    entriesMeasured));
            for (int r = 0; r < CropConsistency.RINGS; r++) {
                sb.append(String.format(Locale.ROOT, " %s%d: %.2f%%", r == CropConsistency.RINGS - 1 ? ">=" : "", r,
                        100 * crop.share(r)));
            }
            sb.append(String.format(Locale.ROOT, "%n  stage-I reconstruction of the cached entries: mIoU %.2f, aAcc"
                    + " %.2f (%d labeled pixels)%n  storage: %s in segments, %.0f bytes per entry; raw tokens +"
                    + " coverage per view: %s (%.1fs)", reconstructionMIoU(), reconstructionAAcc(),
                    reconstruction.labeledPixels(), TokenCacheStatus.bytes(bytes), (double) bytes / entries,
                    rawBytesPerEntryByView, seconds));
            return sb.toString();
        }
    }

    private record Item(VersionIndex.Row row, ManifestEntry sample, boolean pseudo, boolean measure, long seed)
            implements Serializable {
    }

    private record SegmentWork(String segment, List<Item> items) implements Serializable {
    }

    private record Partial(CropConsistency.Count crop, long crops, long measured, ConfusionMatrix confusion,
            Map<String, long[]> rawBytes) implements Serializable {
    }

    public static Result run(SparkSession spark, TokenCacheSettings s, Optional<String> versionId) {
        long t0 = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        CachePaths paths = CachePaths.of(s.root(), conf);
        CacheVersion v = VersionStore.resolve(paths, versionId, conf);
        CacheInputs in = CacheInputs.open(s.withPseudoLabels(""), conf);
        if (!in.paletteHash.equals(v.key().palette()) || !in.fingerprint.equals(v.key().tokenizer())
                || !in.geometry.equals(v.key().geometry()) || v.key().mappings().entrySet().stream()
                        .anyMatch(m -> !in.mappingHash(m.getKey()).equals(m.getValue()))) {
            throw new ConfigError("token-cache bench: the configured palette, tokenizer, base size or label mapping"
                    + " differ from those of version " + v.id() + "; bench it with the configuration that built it");
        }
        Inverse inverse = s.maskige().createInverse(in.palette);
        PseudoLabeler fill = v.key().pseudoSource().isEmpty() ? null
                : PseudoLabelers.fromSource(v.key().pseudoSource()).orElse(null);
        if (fill != null) {
            fill.prepare(conf);
        }
        Map<String, ManifestEntry> samples = new HashMap<>();
        for (ManifestEntry e : ManifestStore.read(spark, v.manifest())) {
            samples.put(e.dataset() + "/" + e.split() + "/" + e.sampleId(), e);
        }
        List<VersionIndex.Row> rows = VersionIndex.read(paths.resolve(v.index()), conf);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(s.bench().seed()));
        int n = s.bench().entries() == 0 ? rows.size() : Math.min(s.bench().entries(), rows.size());
        boolean[] measure = new boolean[rows.size()];
        order.stream().limit(n).forEach(i -> measure[i] = true);
        Map<String, List<Item>> bySegment = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            VersionIndex.Row r = rows.get(i);
            ManifestEntry m = samples.get(r.dataset() + "/" + r.split() + "/" + r.sampleId());
            if (m == null || !CacheKeys.sampleKey(m).equals(r.sampleKey())) {
                throw new BadInputException(v.manifest(), "sample " + r.sampleId() + " changed since version " + v.id()
                        + " was built; bench a version of the current manifest");
            }
            boolean pseudo = !r.entryKey().equals(in.baseKey(r.dataset()).hash());
            if (pseudo && fill == null) {
                throw new ConfigError("token-cache bench: version " + v.id() + " holds entries pseudo-labeled by "
                        + v.key().pseudoSource() + ", which is not available here");
            }
            bySegment.computeIfAbsent(r.segment(), k -> new ArrayList<>())
                    .add(new Item(r, m, pseudo, measure[i], s.bench().seed() * 1_000_003L + i));
        }
        List<SegmentWork> work = bySegment.entrySet().stream().map(e -> new SegmentWork(e.getKey(), e.getValue()))
                .toList();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration sc = new SerializableConfiguration(conf);
        ShardEncoder.Context ctx = new ShardEncoder.Context(s, in.palette, in.fingerprint, paths.root(), fill);
        int classes = in.palette.numClasses();
        List<Partial> parts = jsc.parallelize(work, Math.max(1, work.size()))
                .map(w -> measure(w, ctx, inverse, sc.value())).collect();
        CropConsistency.Count crop = CropConsistency.Count.zero();
        ConfusionMatrix cm = new ConfusionMatrix(classes);
        long crops = 0;
        long measured = 0;
        Map<String, long[]> raw = new TreeMap<>();
        for (Partial p : parts) {
            crop = crop.plus(p.crop());
            cm.merge(p.confusion());
            crops += p.crops();
            measured += p.measured();
            p.rawBytes().forEach((k, a) -> raw.merge(k, a, (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]}));
        }
        Map<String, Long> perView = new LinkedHashMap<>();
        for (String view : v.views()) {
            long[] a = raw.get(view);
            perView.put(view, a == null || a[1] == 0 ? 0 : a[0] / a[1]);
        }
        return new Result(v.id(), rows.size(), measured, crops, crop, cm, v.bytes(), perView,
                (System.nanoTime() - t0) / 1e9);
    }

    private static Partial measure(SegmentWork w, ShardEncoder.Context ctx, Inverse inverse, Configuration conf) {
        TokenCacheSettings s = ctx.settings();
        String uri = ctx.root() + "/" + w.segment();
        Map<String, CacheEntry> stored = new HashMap<>();
        for (CacheEntry e : SegmentFiles.read(uri, conf)) {
            stored.put(e.id(), e);
        }
        DatasetLayout layout = DatasetReaders.open(s.dataset(), conf);
        SampleEncoder enc = new SampleEncoder(ctx.palette(), SharedTokenizers.get(s.tokenizer(), ctx.fingerprint()),
                s.geometry());
        ConfusionMatrix cm = new ConfusionMatrix(ctx.palette().numClasses());
        CropConsistency.Count crop = CropConsistency.Count.zero();
        Map<String, long[]> raw = new HashMap<>();
        long crops = 0;
        long measured = 0;
        Map<String, LabelMap> labelsCache = new HashMap<>();
        Map<String, LabelMap> filledCache = new HashMap<>();
        if (ctx.pseudo() != null) {
            ctx.pseudo().prepare(conf);
        }
        for (Item it : w.items()) {
            VersionIndex.Row r = it.row();
            CacheEntry e = stored.get(r.entryId());
            if (e == null || !e.checksumOk()) {
                throw new BadInputException(uri, "entry of sample " + r.sampleId() + " view " + r.view()
                        + (e == null ? " is missing" : " fails its checksum") + ": run gss token-cache verify");
            }
            LabelMap labels = labelsCache.computeIfAbsent(r.sampleKey(), k -> ShardEncoder.readLabels(layout,
                    it.sample(), conf));
            AugmentationView view = AugmentationView.parse(r.view());
            TokenGrid grid = e.grid();
            LabelMap truthView = LabelOps.view(labels, s.geometry(), view);
            cm.accumulate(truthView, enc.reconstruct(grid, inverse), r.sampleId());
            raw.merge(r.view(), new long[] {e.tokens().length + e.coverage().length, 1},
                    (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
            if (it.measure()) {
                LabelMap encodedView = it.pseudo() ? LabelOps.view(filledCache.computeIfAbsent(r.sampleKey(),
                        k -> ShardEncoder.fill(ctx.pseudo(), it.sample(), labels, conf)), s.geometry(), view)
                        : truthView;
                crop = crop.plus(CropConsistency.measure(enc, encodedView, grid, s.bench().crop(),
                        s.bench().cropsPerEntry(), new SplittableRandom(it.seed())));
                crops += s.bench().cropsPerEntry();
                measured++;
            }
        }
        return new Partial(crop, crops, measured, cm, raw);
    }
}
