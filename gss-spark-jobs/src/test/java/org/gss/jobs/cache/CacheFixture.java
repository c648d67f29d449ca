package org.gss.jobs.cache;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.gss.config.GssConfig;
import org.gss.data.testing.SharedData;
import org.gss.data.testing.TestConfig;
import org.gss.jobs.index.IndexJob;
import org.gss.testing.GssCli;

/**
 * A small synthetic Cityscapes-layout dataset (64×32 images), its manifest and a cache root, with the small golden
 * dVAE (vocabulary 512) as tokenizer: the setting of the token-cache tests.
 */
final class CacheFixture {
    final Path dir;
    final Path data;
    final Path manifest;
    final String root;
    private final List<String> extra = new ArrayList<>();

    CacheFixture(Path dir, String root) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.manifest = dir.resolve("manifest");
        this.root = root;
    }

    CacheFixture(Path dir) {
        this(dir, dir.resolve("cache").toString());
    }

    /** Settings added to every later config (e.g. more images, another palette seed). */
    CacheFixture with(String... sets) {
        extra.addAll(Arrays.asList(sets));
        return this;
    }

    List<String> sets(String... more) {
        List<String> s = new ArrayList<>(List.of(
                "gss.dataset.root=\"" + data + "\"", "gss.synth.out=\"" + data + "\"",
                "gss.index.out=\"" + manifest + "\"", "gss.index.shard-size=2",
                "gss.synth.width=64", "gss.synth.height=32", "gss.synth.train-images=4", "gss.synth.val-images=2",
                "gss.synth.classes=5", "gss.dataset.splits=[train, val]",
                "gss.maskige.classes=19",
                "gss.tokenizer.kind=dvae",
                "gss.tokenizer.encoder-npz=\"" + SharedData.data("dvae-golden/small/encoder.npz") + "\"",
                "gss.tokenizer.decoder-npz=\"" + SharedData.data("dvae-golden/small/decoder.npz") + "\"",
                "gss.token-cache.root=\"" + root + "\"",
                "gss.token-cache.scales=[0.5, 1.0]", "gss.token-cache.base-size=[64, 32]", "gss.token-cache.flip=true",
                "gss.token-cache.verify-samples=4", "gss.token-cache.bench.crop=16",
                "gss.token-cache.bench.entries=0"));
        s.addAll(extra);
        s.addAll(Arrays.asList(more));
        return s;
    }

    GssConfig config(String... more) {
        return TestConfig.of(sets(more)).load();
    }

    TokenCacheSettings settings(String... more) {
        return TokenCacheSettings.from(config(more));
    }

    /** gss synth then gss index (the manifest the cache reads). */
    CacheFixture synthAndIndex(SparkSession spark, String... more) {
        StringBuilder log = new StringBuilder();
        int code = cli(sets(more), log, "synth");
        if (code != 0) {
            throw new IllegalStateException("synth failed: " + log);
        }
        return index(spark, more);
    }

    /** gss index only (after a test changed files of the dataset). */
    CacheFixture index(SparkSession spark, String... more) {
        IndexJob.run(spark, config(more));
        return this;
    }

    /** Runs {@code gss <args> --set ...} in this JVM; output and errors go to {@code log}. */
    static int cli(List<String> sets, StringBuilder log, String... args) {
        GssCli.Run r = GssCli.run(sets, args);
        log.append(r.out()).append(r.err());
        return r.code();
    }
}
