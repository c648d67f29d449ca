package org.gss.jobs;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.gss.config.GssConfig;

/** The Spark session tests use: built by {@link SparkRuntime} exactly as the jobs build theirs (Kryo and all). */
public final class TestSpark {
    private TestSpark() {
    }

    public static SparkSession start(int threads) {
        GssConfig cfg = GssConfig.load(Optional.empty(), List.of("gss.spark.master=\"local[" + threads + "]\"",
                "gss.spark.conf.\"spark.sql.shuffle.partitions\"=2"));
        return SparkRuntime.session(cfg, "test");
    }
}
