package org.gss.jobs.index;

import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.DatasetSettings;

/** Validated settings of {@code gss index}. */
public record IndexSettings(DatasetSettings dataset, String out, int shardSize, int partitions) {
    public static IndexSettings from(GssConfig cfg) {
        Settings s = Settings.of(cfg, "gss.index");
        return new IndexSettings(DatasetSettings.from(cfg), s.nonEmpty("out"), s.intIn("shard-size", 1, 1_000_000),
                s.intIn("partitions", 0, 100_000));
    }
}
