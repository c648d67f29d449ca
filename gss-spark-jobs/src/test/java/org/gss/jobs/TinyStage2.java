package org.gss.jobs;

import java.nio.file.Path;
import java.util.List;
import org.gss.data.testing.SharedData;
import org.gss.data.testing.TestConfig;
import org.gss.testing.GssCli;

/**
 * A tiny Stage II checkpoint for tests that need a real one: conf/demo.conf's recipe (ResNet-18 + MLA encoder, online
 * token targets, embedded Spark with 2 workers, parameter averaging) shrunk to 64×32 images, 32-pixel crops and 4
 * iterations, with the small golden dVAE (vocabulary 512) as tokenizer. It trains in seconds and predicts badly,
 * which is fine: the tests check that jobs run it and agree with each other, not its quality.
 */
public final class TinyStage2 {
    private TinyStage2() {
    }

    /** The tokenizer and palette of the model (add to the dataset's settings). */
    public static List<String> tokenizer(int classes) {
        return List.of("gss.maskige.classes=" + classes, "gss.tokenizer.kind=dvae",
                "gss.tokenizer.encoder-npz=\"" + SharedData.data("dvae-golden/small/encoder.npz") + "\"",
                "gss.tokenizer.decoder-npz=\"" + SharedData.data("dvae-golden/small/decoder.npz") + "\"");
    }

    /** Training and model settings writing to {@code out}. */
    public static List<String> training(Path out) {
        return List.of("gss.train.out=\"" + out + "\"", "gss.train.targets=online", "gss.train.iterations=4",
                "gss.train.batch-per-worker=2", "gss.train.workers=2", "gss.train.averaging-frequency=2",
                "gss.train.crop=32", "gss.train.base-size=[64, 32]", "gss.train.scales=[1.0]",
                "gss.train.optimizer.lr=2.0e-3", "gss.train.optimizer.warmup-iterations=1",
                "gss.train.checkpoint-every=4", "gss.train.log-every=2",
                "gss.model.depth=18", "gss.model.base-width=8", "gss.model.mla.channels=16", "gss.model.mla.depth=1",
                "gss.model.mla.window=4", "gss.model.mla.heads=2", "gss.model.mla.ffn=32", "gss.model.mla.hidden=32",
                "gss.model.aux-head.channels=8");
    }

    /** Runs {@code gss train} in this JVM (on the test's Spark session) with {@code sets} plus {@link #training}. */
    public static void train(List<String> sets, Path out) {
        GssCli.ok(TestConfig.of(sets).with(training(out)), "train");
    }
}
