package org.gss.store;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.gss.tokenizer.cache.CacheEntry;

/**
 * Every entry that exists in any finished segment file under a cache root, whichever version (or no version, for a
 * build that was killed) wrote it: what a build may reuse. Built by reading the key columns of all segments in a
 * Spark job.
 */
public final class CacheCatalog {
    /** Where an entry is, and the unlabeled pixel count of its sample's ground truth. */
    public record Located(String segment, long unlabeledPixels) {
    }

    private record SegmentKeys(String segment, List<SegmentFiles.KeyRow> rows) implements Serializable {
    }

    private final Map<String, Located> byId;
    private final Map<String, Long> segmentBytes;
    private final Map<String, Long> unlabeledBySample;

    private CacheCatalog(Map<String, Located> byId, Map<String, Long> segmentBytes,
            Map<String, Long> unlabeledBySample) {
        this.byId = byId;
        this.segmentBytes = segmentBytes;
        this.unlabeledBySample = unlabeledBySample;
    }

    public static CacheCatalog scan(SparkSession spark, CachePaths paths, Configuration conf) {
        Map<String, Long> bytes = new HashMap<>();
        for (CachePaths.FileInfo f : paths.list(CachePaths.SEGMENTS, false, conf)) {
            if (f.relative().endsWith(".parquet")) {
                bytes.put(f.relative(), f.bytes());
            }
        }
        Map<String, Located> byId = new HashMap<>();
        Map<String, Long> unlabeled = new HashMap<>();
        if (!bytes.isEmpty()) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<String> files = bytes.keySet().stream().sorted().toList();
            SerializableConfiguration sc = new SerializableConfiguration(conf);
            String root = paths.root();
            int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 2));
            List<SegmentKeys> all = jsc.parallelize(files, slices)
                    .map(f -> new SegmentKeys(f, SegmentFiles.readKeys(root + "/" + f, sc.value()))).collect();
            for (SegmentKeys sk : all) {
                for (SegmentFiles.KeyRow r : sk.rows()) {
                    byId.putIfAbsent(r.id(), new Located(sk.segment(), r.unlabeledPixels()));
                    unlabeled.putIfAbsent(r.sampleKey(), r.unlabeledPixels());
                }
            }
        }
        return new CacheCatalog(byId, bytes, unlabeled);
    }

    public Located find(String sampleKey, String entryKey, String view) {
        return byId.get(CacheEntry.id(sampleKey, entryKey, view));
    }

    /** The ground truth's unlabeled pixel count of a sample, if any entry of it exists; else -1. */
    public long unlabeledPixels(String sampleKey) {
        return unlabeledBySample.getOrDefault(sampleKey, -1L);
    }

    public long bytes(String segment) {
        return segmentBytes.getOrDefault(segment, 0L);
    }

    public int entries() {
        return byId.size();
    }

    public int segments() {
        return segmentBytes.size();
    }
}
