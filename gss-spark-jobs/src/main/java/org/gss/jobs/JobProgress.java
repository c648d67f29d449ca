package org.gss.jobs;

import org.apache.spark.scheduler.SparkListener;
import org.gss.spark.JobStage;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.gss.data.log.ProgressLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long Spark job in the log: items done/total, items per second and ETA, at most every few seconds.
 * Executors count items into a {@link LongAccumulator} (executor-side updates reach the driver with each finished
 * task); a listener on the driver reports. While open, it names the Spark jobs of the thread ({@link JobStage}) unless
 * a stage was named already. Close it when the job ends.
 */
public final class JobProgress extends SparkListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobProgress.class);
    private final SparkSession spark;
    private final String label;
    private final String unit;
    private final long total;
    private final LongAccumulator done;
    private final long started = System.nanoTime();
    private final long intervalNanos;
    private long lastReport;
    private final JobStage stage;

    public JobProgress(SparkSession spark, String label, String unit, long total, long intervalMillis) {
        this.spark = spark;
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.done = spark.sparkContext().longAccumulator(label + " " + unit);
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.lastReport = started;
        spark.sparkContext().addSparkListener(this);
        // names the stage's Spark jobs unless the caller named them more precisely
        this.stage = spark.sparkContext().getLocalProperty(JobStage.DESCRIPTION) == null
                ? JobStage.begin(spark, label, total + " " + unit) : null;
    }

    public static JobProgress start(SparkSession spark, String label, String unit, long total) {
        return new JobProgress(spark, label, unit, total, 5_000);
    }

    /** Counted on executors: one per item processed. */
    public LongAccumulator counter() {
        return done;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        long now = System.nanoTime();
        if (now - lastReport >= intervalNanos && done.value() < total) {
            lastReport = now;
            LOG.info(line(now));
        }
    }

    /** A line in the style of {@link ProgressLine}, e.g. "index: 40/120 samples, 28.6 samples/s, ETA 2.8s". */
    String line(long now) {
        long n = done.value();
        double secs = Math.max(1e-9, (now - started) / 1e9);
        double rate = n / secs;
        String eta = rate > 0 && total > n ? ", " + ProgressLine.eta((total - n) / rate) : "";
        return ProgressLine.head(label, n, total, unit) + ", " + ProgressLine.rate(rate, unit) + eta;
    }

    /** Final line, e.g. "index: 120/120 samples in 4.2s, 28.6 samples/s". */
    public String summary() {
        long n = done.value();
        double secs = (System.nanoTime() - started) / 1e9;
        return ProgressLine.head(label, n, total, unit) + " in " + ProgressLine.duration(secs) + ", "
                + ProgressLine.rate(n / Math.max(secs, 1e-9), unit);
    }

    @Override
    public void close() {
        if (stage != null) {
            stage.close();
        }
        spark.sparkContext().removeSparkListener(this);
    }
}
