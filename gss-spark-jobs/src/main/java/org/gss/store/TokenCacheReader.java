package org.gss.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gss.data.image.BadInputException;
import org.gss.data.view.AugmentationView;
import org.gss.tokenizer.cache.CacheEntry;
import org.gss.tokenizer.cache.CacheVersion;
import org.gss.tokenizer.cache.TokenCodec;
import org.gss.tokenizer.cache.TokenGrid;
import scala.collection.JavaConverters;

/**
 * Read access to one version of a token cache, for the trainer and tools.
 *
 * <ul>
 *   <li>{@link #lookup(String, String, String, AugmentationView)}: tokens and coverage of one (sample, view), read
 *       from the segment file that holds it (the last few segments read are kept in memory; checksums are checked).
 *       </li>
 *   <li>{@link #entries(SparkSession)} / {@link #entriesWithManifest(SparkSession)}: all entries as a Spark
 *       {@link Dataset}, joined to the version's index (and to the sample manifest's rows: image and label URIs);
 *       {@link #grid(Row)} decodes one row.</li>
 * </ul>
 * Opening reads the version JSON and its index; the version is immutable, so a reader stays valid while later builds
 * add versions (until gc removes this one).
 */
public final class TokenCacheReader {
    private static final int CACHED_SEGMENTS = 4;

    private final CachePaths paths;
    private final CacheVersion version;
    private final Configuration conf;
    private final List<VersionIndex.Row> rows;
    private final Map<String, VersionIndex.Row> byName = new HashMap<>();
    private final Map<String, VersionIndex.Row> byKey = new HashMap<>();
    private final Map<String, Map<String, CacheEntry>> segments = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, CacheEntry>> eldest) {
            return size() > CACHED_SEGMENTS;
        }
    };

    private TokenCacheReader(CachePaths paths, CacheVersion version, Configuration conf) {
        this.paths = paths;
        this.version = version;
        this.conf = conf;
        this.rows = List.copyOf(VersionIndex.read(paths.resolve(version.index()), conf));
        for (VersionIndex.Row r : rows) {
            byName.put(name(r.dataset(), r.split(), r.sampleId(), r.view()), r);
            byKey.putIfAbsent(r.sampleKey() + "\u0000" + r.view(), r);
        }
    }

    /** The version {@code CURRENT} names under {@code root} (any Hadoop URI). */
    public static TokenCacheReader open(Configuration conf, String root) {
        CachePaths p = CachePaths.of(root, conf);
        return new TokenCacheReader(p, VersionStore.resolve(p, Optional.empty(), conf), conf);
    }

    /** A named version. */
    public static TokenCacheReader open(Configuration conf, String root, String versionId) {
        CachePaths p = CachePaths.of(root, conf);
        return new TokenCacheReader(p, VersionStore.read(p, versionId, conf), conf);
    }

    /** The current version, with the session's Hadoop configuration (s3a settings and all). */
    public static TokenCacheReader open(SparkSession spark, String root) {
        return open(spark.sparkContext().hadoopConfiguration(), root);
    }

    public CacheVersion version() {
        return version;
    }

    /** The views every sample has, in the configured order. */
    public List<AugmentationView> views() {
        return version.views().stream().map(AugmentationView::parse).toList();
    }

    /** Every (sample, view) of the version, in manifest order. */
    public List<VersionIndex.Row> rows() {
        return rows;
    }

    /** Tokens and coverage of a sample's view, by its manifest identity. */
    public Optional<TokenGrid> lookup(String dataset, String split, String sampleId, AugmentationView view) {
        return entry(byName.get(name(dataset, split, sampleId, view.id()))).map(CacheEntry::grid);
    }

    /** Tokens and coverage of a sample's view, by sample key ({@code CacheKeys.sampleKey(manifestEntry)}). */
    public Optional<TokenGrid> lookup(String sampleKey, AugmentationView view) {
        return entry(byKey.get(sampleKey + "\u0000" + view.id())).map(CacheEntry::grid);
    }

    /** The stored entry of an index row (checksum checked). */
    public synchronized Optional<CacheEntry> entry(VersionIndex.Row row) {
        if (row == null) {
            return Optional.empty();
        }
        Map<String, CacheEntry> seg = segments.get(row.segment());
        if (seg == null) {
            String uri = paths.resolve(row.segment());
            seg = new HashMap<>();
            for (CacheEntry e : SegmentFiles.read(uri, conf)) {
                seg.put(e.id(), e);
            }
            segments.put(row.segment(), seg);
        }
        CacheEntry e = seg.get(row.entryId());
        if (e == null) {
            throw new BadInputException(paths.resolve(row.segment()), "has no entry " + row.entryId() + " (sample "
                    + row.sampleId() + ", view " + row.view() + ") although version " + version.id() + " lists it");
        }
        if (!e.checksumOk()) {
            throw new BadInputException(paths.resolve(row.segment()), "entry of sample " + row.sampleId() + " view "
                    + row.view() + " fails its checksum (corrupt cache file: run gss token-cache verify)");
        }
        return Optional.of(e);
    }

    /** Qualified URIs of the segment files this version uses. */
    public List<String> segmentUris() {
        return version.segments().stream().map(s -> paths.resolve(s.path())).toList();
    }

    /**
     * All entries of the version: columns {@code dataset, split, sample_id, view, sample_key, entry_key, segment,
     * grid_width, grid_height, token_bytes, tokens, coverage, unlabeled_pixels, checksum}. Decode a row with
     * {@link #grid(Row)}.
     */
    public Dataset<Row> entries(SparkSession spark) {
        Dataset<Row> index = spark.read().parquet(paths.resolve(version.index()));
        Dataset<Row> data = spark.read().parquet(segmentUris().toArray(new String[0])).drop("sample_id");
        return index.join(data, seq("sample_key", "entry_key", "view"), "inner");
    }

    /** {@link #entries} joined to the version's sample manifest rows (image_uri, label_uri, width, height, shard...). */
    public Dataset<Row> entriesWithManifest(SparkSession spark) {
        Dataset<Row> manifest = ManifestStore.table(spark, version.manifest());
        return entries(spark).join(manifest.drop("image_sha256", "label_sha256"), seq("dataset", "split",
                "sample_id"), "inner");
    }

    /** Tokens and coverage of a row of {@link #entries}. */
    public static TokenGrid grid(Row row) {
        int w = row.getInt(row.fieldIndex("grid_width"));
        int h = row.getInt(row.fieldIndex("grid_height"));
        int tb = row.getInt(row.fieldIndex("token_bytes"));
        byte[] tokens = (byte[]) row.get(row.fieldIndex("tokens"));
        byte[] coverage = (byte[]) row.get(row.fieldIndex("coverage"));
        return new TokenGrid(w, h, TokenCodec.unpack(tokens, tb), coverage);
    }

    private static String name(String dataset, String split, String sampleId, String view) {
        return dataset + "\u0000" + split + "\u0000" + sampleId + "\u0000" + view;
    }

    private static scala.collection.Seq<String> seq(String... names) {
        return JavaConverters.asScalaBufferConverter(new ArrayList<>(List.of(names))).asScala().toSeq();
    }
}
