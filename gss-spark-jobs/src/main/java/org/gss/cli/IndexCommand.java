package org.gss.cli;

import org.gss.data.layout.Skipped;
import org.gss.jobs.SparkRuntime;
import org.gss.jobs.index.IndexJob;
import org.gss.jobs.index.IndexSettings;

/** {@code gss index}: the dataset → sample manifest Spark job. */
final class IndexCommand implements Command {
    @Override
    public String name() {
        return "index";
    }

    @Override
    public String summary() {
        return "Spark job: list a dataset into a sharded sample manifest (Parquet) with content hashes";
    }

    @Override
    public String help() {
        return """
                usage: gss index [--config FILE] [--set key=value]...

                Lists gss.dataset (layout cityscapes | ade20k | mseg | custom, root on any Hadoop file system) on the
                driver, then reads, decodes, checks and hashes every image and label on the executors: a missing
                label, a size mismatch, an id outside the dataset's table or an unreadable file stops the job naming
                the file (gss.dataset.bad-input = fail, the default) or is listed in skipped.json (= skip).
                Writes gss.index.out atomically: samples/ (Parquet, columns dataset, split, sample_id, image_uri,
                label_uri, width, height, image_sha256, label_sha256, shard), skipped.json and _manifest.json
                (counts, content hash, config hash). Unchanged data gives the same manifest (same content hash).
                """;
    }

    @Override
    public IndexSettings settings(CommandContext ctx) {
        return IndexSettings.from(ctx.config());
    }

    @Override
    public int run(CommandContext ctx) {
        IndexSettings settings = settings(ctx);
        try (SparkRuntime.Handle h = SparkRuntime.open(ctx.config(), "index")) {
            IndexJob.Result r = IndexJob.run(h.spark(), settings, ctx.config().hash());
            ctx.out().printf("index: %d samples -> %s (content hash %s)%n", r.samples(), r.out(),
                    r.contentHash().substring(0, 16));
            if (!r.skipped().isEmpty()) {
                ctx.out().printf("index: %d samples skipped (listed in %s/skipped.json):%n", r.skipped().size(), r.out());
                for (Skipped s : r.skipped().subList(0, Math.min(10, r.skipped().size()))) {
                    ctx.out().printf("  %s/%s/%s: %s%n", s.dataset(), s.split(), s.id(), s.reason());
                }
            }
            return Main.OK;
        }
    }
}
