package org.gss.jobs.index;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.gss.config.GssConfig;
import org.gss.data.DatasetReaders;
import org.gss.data.DatasetSettings;
import org.gss.data.image.BadInputException;
import org.gss.data.layout.BadInputPolicy;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.layout.SampleListing;
import org.gss.data.layout.SampleRef;
import org.gss.data.layout.Skipped;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.manifest.SampleInspector;
import org.gss.jobs.JobProgress;
import org.gss.store.ManifestInfo;
import org.gss.store.ManifestStore;
import org.gss.store.OutputRoots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gss index}: lists a dataset on the driver (file names only), then reads, checks and hashes every sample's
 * files on the executors, and publishes the sample manifest atomically (see {@link ManifestStore}). Samples are sorted
 * by (split, id) and cut into shards of {@code shard-size}, so re-indexing unchanged data gives the same manifest.
 */
public final class IndexJob {
    private static final Logger LOG = LoggerFactory.getLogger(IndexJob.class);

    private IndexJob() {
    }

    public record Result(String out, long samples, List<Skipped> skipped, String contentHash) {
    }

    public static Result run(SparkSession spark, GssConfig cfg) {
        return run(spark, IndexSettings.from(cfg), cfg.hash());
    }

    public static Result run(SparkSession spark, IndexSettings s, String configHash) {
        DatasetSettings ds = s.dataset();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        OutputRoots.requireWritable("gss.index.out", s.out(), hadoop);
        DatasetLayout layout = DatasetReaders.open(ds, hadoop);
        List<IndexTask> tasks = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String split : ds.splits()) {
            SampleListing listing = layout.list(ds.root(), split, hadoop, ds.badInput());
            skipped.addAll(listing.skipped());
            List<SampleRef> refs = listing.samples();
            for (int i = 0; i < refs.size(); i++) {
                tasks.add(new IndexTask(refs.get(i), i / s.shardSize()));
            }
            LOG.info("index: {} split {}: {} samples listed under {}", ds.name(), split, refs.size(), ds.root());
        }

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int partitions = s.partitions() > 0 ? s.partitions()
                : Math.max(1, Math.min(tasks.size(), jsc.defaultParallelism() * 4));
        SerializableConfiguration conf = new SerializableConfiguration(hadoop);
        JobProgress progress = JobProgress.start(spark, "index " + ds.name(), "samples", tasks.size());
        LongAccumulator counter = progress.counter();
        JavaRDD<IndexOutcome> outcomes = jsc.parallelize(tasks, partitions)
                .mapPartitions(part -> inspectAll(part, ds, conf, counter))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<ManifestEntry> entries = outcomes.filter(IndexOutcome::isOk).map(IndexOutcome::entry).collect();
            skipped.addAll(outcomes.filter(o -> !o.isOk()).map(IndexOutcome::skipped).collect());
            LOG.info(progress.summary());
            if (entries.isEmpty()) {
                throw new BadInputException(ds.root(), "no usable samples in splits " + ds.splits()
                        + (skipped.isEmpty() ? "" : " (" + skipped.size() + " skipped)"));
            }
            String hash = ManifestStore.write(spark, s.out(), ManifestInfo.of(ds, s.shardSize(), configHash),
                    entries, skipped);
            return new Result(s.out(), entries.size(), List.copyOf(skipped), hash);
        } finally {
            outcomes.unpersist(false);
            progress.close();
        }
    }

    /** Executor side: one layout reader per partition (readers are not serializable; their settings are). */
    private static Iterator<IndexOutcome> inspectAll(Iterator<IndexTask> part, DatasetSettings ds,
            SerializableConfiguration conf, LongAccumulator counter) {
        DatasetLayout layout = DatasetReaders.open(ds, conf.value());
        SampleInspector inspector = new SampleInspector(layout);
        List<IndexOutcome> out = new ArrayList<>();
        while (part.hasNext()) {
            IndexTask t = part.next();
            try {
                out.add(IndexOutcome.ok(inspector.inspect(t.ref(), t.shard(), conf.value())));
            } catch (BadInputException e) {
                if (ds.badInput() == BadInputPolicy.FAIL) {
                    throw e;
                }
                SampleRef r = t.ref();
                out.add(IndexOutcome.skip(new Skipped(r.dataset(), r.split(), r.id(), e.file(), e.getMessage())));
            }
            counter.add(1);
        }
        return out.iterator();
    }
}
