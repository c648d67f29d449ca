package org.gss.spark;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Names the Spark jobs of one pipeline stage: while open, every job started from this thread carries the job group
 * {@code gss-<stage>-<n>} and the description {@code "<stage>: <what>"} (e.g. {@code "token-cache build: encode 12
 * shards"}), which the Spark UI, the event log and the History Server show instead of anonymous call sites. Closing
 * restores the group and description that were set before, so stages nest.
 */
public final class JobStage implements AutoCloseable {
    public static final String GROUP = "spark.jobGroup.id";
    public static final String DESCRIPTION = "spark.job.description";
    public static final String INTERRUPT = "spark.job.interruptOnCancel";
    private static final AtomicLong COUNTER = new AtomicLong();

    private final SparkContext sc;
    private final String previousGroup;
    private final String previousDescription;
    private final String previousInterrupt;

    private JobStage(SparkContext sc, String stage, String what) {
        this.sc = sc;
        this.previousGroup = sc.getLocalProperty(GROUP);
        this.previousDescription = sc.getLocalProperty(DESCRIPTION);
        this.previousInterrupt = sc.getLocalProperty(INTERRUPT);
        String id = "gss-" + stage.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-"
                + COUNTER.incrementAndGet();
        sc.setJobGroup(id, description(stage, what), false);
    }

    /** Opens a stage on {@code spark}'s context for the calling thread. */
    public static JobStage begin(SparkSession spark, String stage, String what) {
        return new JobStage(spark.sparkContext(), stage, what);
    }

    static String description(String stage, String what) {
        return what == null || what.isBlank() ? stage : stage + ": " + what;
    }

    @Override
    public void close() {
        sc.setLocalProperty(GROUP, previousGroup);
        sc.setLocalProperty(DESCRIPTION, previousDescription);
        sc.setLocalProperty(INTERRUPT, previousInterrupt);
    }
}
