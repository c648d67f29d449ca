package org.gss.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.gss.spark.JobStage;
import org.gss.config.GssConfig;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.data.layout.Skipped;
import org.gss.data.manifest.ManifestEntry;

/**
 * A sample manifest on any Hadoop file system:
 * <pre>
 * &lt;out&gt;/samples/split=&lt;split&gt;/part-*.parquet   the rows ({@link ManifestEntry} columns)
 * &lt;out&gt;/skipped.json                          samples left out under bad-input = skip, with the reason
 * &lt;out&gt;/_manifest.json                        written last: counts, content hash, config hash, creation time
 * </pre>
 * The folder is published atomically; a reader refuses a folder without {@code _manifest.json}.
 */
public final class ManifestStore {
    public static final String INFO = "_manifest.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestStore() {
    }

    public static StructType schema() {
        return new StructType()
                .add("dataset", DataTypes.StringType, false)
                .add("split", DataTypes.StringType, false)
                .add("sample_id", DataTypes.StringType, false)
                .add("image_uri", DataTypes.StringType, false)
                .add("label_uri", DataTypes.StringType, false)
                .add("width", DataTypes.IntegerType, false)
                .add("height", DataTypes.IntegerType, false)
                .add("image_sha256", DataTypes.StringType, false)
                .add("label_sha256", DataTypes.StringType, false)
                .add("shard", DataTypes.IntegerType, false);
    }

    static Row toRow(ManifestEntry e) {
        return RowFactory.create(e.dataset(), e.split(), e.sampleId(), e.imageUri(), e.labelUri(), e.width(), e.height(),
                e.imageSha256(), e.labelSha256(), e.shard());
    }

    static ManifestEntry fromRow(Row r) {
        return new ManifestEntry(r.getAs("dataset"), r.getAs("split"), r.getAs("sample_id"), r.getAs("image_uri"),
                r.getAs("label_uri"), r.<Integer>getAs("width"), r.<Integer>getAs("height"), r.getAs("image_sha256"),
                r.getAs("label_sha256"), r.<Integer>getAs("shard"));
    }

    /** Rows in manifest order: split, then dataset (mseg domain), then id. */
    public static final Comparator<ManifestEntry> ORDER = Comparator.comparing(ManifestEntry::split)
            .thenComparing(ManifestEntry::dataset).thenComparing(ManifestEntry::sampleId);

    /**
     * Writes and publishes to {@code out}; returns the content hash (equal for equal rows, whatever the run).
     *
     * @param about what {@code _manifest.json} says about the rows' origin besides the counts and hashes
     */
    public static String write(SparkSession spark, String out, ManifestInfo about, List<ManifestEntry> entries,
            List<Skipped> skipped) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<ManifestEntry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        String contentHash = contentHash(sorted);
        AtomicDirectory dir = AtomicDirectory.begin(out, conf);
        try (JobStage stage = JobStage.begin(spark, "manifest", "write " + sorted.size() + " samples to " + out)) {
            List<Row> rows = sorted.stream().map(ManifestStore::toRow).toList();
            spark.createDataFrame(rows, schema()).coalesce(1).write().mode(SaveMode.ErrorIfExists)
                    .partitionBy("split").parquet(HadoopFiles.resolve(dir.tempUri(), "samples"));
            List<Skipped> skippedSorted = new ArrayList<>(skipped);
            skippedSorted.sort(Comparator.comparing(Skipped::split).thenComparing(Skipped::dataset)
                    .thenComparing(Skipped::id));
            HadoopFiles.writeAtomically(HadoopFiles.resolve(dir.tempUri(), "skipped.json"),
                    JSON.writeValueAsBytes(skippedSorted), conf);
            HadoopFiles.writeAtomically(HadoopFiles.resolve(dir.tempUri(), INFO),
                    JSON.writeValueAsBytes(info(about, sorted, skippedSorted.size(), contentHash)), conf);
            dir.commit();
            return contentHash;
        } catch (IOException e) {
            dir.abort();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            dir.abort();
            throw e;
        }
    }

    private static Map<String, Object> info(ManifestInfo about, List<ManifestEntry> sorted, int skipped,
            String contentHash) {
        Map<String, Long> perSplit = new TreeMap<>();
        Map<String, Integer> shards = new TreeMap<>();
        for (ManifestEntry e : sorted) {
            perSplit.merge(e.split(), 1L, Long::sum);
            shards.merge(e.split(), e.shard() + 1, Math::max);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "gss-manifest/1");
        m.put("dataset", about.dataset());
        m.put("layout", about.layout());
        m.put("root", about.root());
        m.put("samples", sorted.size());
        m.put("samplesPerSplit", perSplit);
        m.put("shardSize", about.shardSize());
        m.put("shardsPerSplit", shards);
        m.put("skipped", skipped);
        m.put("contentHash", contentHash);
        m.put("configHash", about.configHash());
        m.put("createdAt", Instant.now().toString());
        return m;
    }

    static String contentHash(List<ManifestEntry> sorted) {
        StringBuilder sb = new StringBuilder();
        for (ManifestEntry e : sorted) {
            sb.append(String.join("\t", e.dataset(), e.split(), e.sampleId(), e.imageUri(), e.labelUri(),
                    Integer.toString(e.width()), Integer.toString(e.height()), e.imageSha256(), e.labelSha256(),
                    Integer.toString(e.shard()))).append('\n');
        }
        return GssConfig.sha256(sb.toString());
    }

    /** The rows of a published manifest, in manifest order. */
    public static List<ManifestEntry> read(SparkSession spark, String out) {
        requireComplete(out, spark.sparkContext().hadoopConfiguration());
        List<ManifestEntry> rows;
        try (JobStage stage = JobStage.begin(spark, "manifest", "read " + out)) {
            rows = new ArrayList<>(table(spark, out).collectAsList().stream().map(ManifestStore::fromRow).toList());
        }
        rows.sort(ORDER);
        return rows;
    }

    /**
     * The rows of a published manifest as a Spark table ({@link #schema()} columns plus the {@code split} partition
     * column, in no particular order), for joins.
     */
    public static Dataset<Row> table(SparkSession spark, String out) {
        return spark.read().schema(schema()).parquet(HadoopFiles.resolve(out, "samples"));
    }

    /** The {@code _manifest.json} of a published manifest. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> info(String out, Configuration conf) {
        requireComplete(out, conf);
        try {
            return JSON.readValue(HadoopFiles.readAllBytes(HadoopFiles.resolve(out, INFO), conf), Map.class);
        } catch (IOException e) {
            throw new BadInputException(HadoopFiles.resolve(out, INFO), "unreadable manifest info: " + e.getMessage(), e);
        }
    }

    static void requireComplete(String out, Configuration conf) {
        if (!HadoopFiles.exists(HadoopFiles.resolve(out, INFO), conf)) {
            throw new BadInputException(out, "no complete sample manifest here (missing " + INFO
                    + "); run gss index first");
        }
    }
}
