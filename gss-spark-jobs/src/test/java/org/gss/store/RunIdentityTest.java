package org.gss.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gss.config.GssConfig;
import org.gss.data.manifest.ManifestEntry;
import org.gss.jobs.train.TrainFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a resume may change: output, logging and stopping freely; data order with a warning; nothing else. */
class RunIdentityTest {
    @TempDir
    Path dir;

    static final List<ManifestEntry> SAMPLES = List.of(sample("a", "1"), sample("b", "2"));

    static ManifestEntry sample(String id, String sha) {
        return new ManifestEntry("demo", "train", id, "file:/" + id + ".jpg", "file:/" + id + ".png", 8, 8, sha, sha, 0);
    }

    RunIdentity of(int vocab, String weights, String... sets) {
        return of(vocab, weights, SAMPLES, sets);
    }

    RunIdentity of(int vocab, String weights, List<ManifestEntry> train, String... sets) {
        GssConfig cfg = new TrainFixture(dir).config(sets);
        return RunIdentity.of(cfg, vocab, weights, train);
    }

    @Test
    void sameConfigurationHasNoDifferences() {
        RunIdentity a = of(32, "ab", "gss.train.out=\"x\"", "gss.train.log-every=7", "gss.train.stop-after=3",
                "gss.train.checkpoint-every=9", "gss.train.prefetch=1", "gss.maskige.inverse=least-squares");
        RunIdentity b = of(32, "ab");
        assertEquals(List.of(), b.refusals(a));
        assertEquals(List.of(), b.dataOrderChanges(a));
    }

    @Test
    void modelOptimiserScheduleSeedPaletteAndTokenizerDifferencesAreNamed() {
        RunIdentity ckpt = of(32, "0123456789abcdef0123", "gss.train.optimizer.lr=2.0e-3", "gss.train.iterations=60");
        RunIdentity now = of(16, "fedcba9876543210fedc", "gss.model.mla.heads=4", "gss.train.optimizer.lr=1.0e-3",
                "gss.train.iterations=61", "gss.seed=7", "gss.maskige.seed=3", "gss.train.workers=3");
        assertEquals(List.of("gss.maskige.seed: checkpoint 42, this config 3",
                "gss.model.mla.heads: checkpoint 2, this config 4",
                "gss.seed: checkpoint 42, this config 7",
                "gss.train.iterations: checkpoint 60, this config 61",
                "gss.train.optimizer.lr: checkpoint 0.002, this config 0.001",
                "tokenizer vocabulary: checkpoint 32, this config 16",
                "tokenizer weights (SHA-256): checkpoint 0123456789ab…, this config fedcba987654…"),
                now.refusals(ckpt));
        assertEquals(List.of("gss.train.workers: checkpoint 2, this config 3"), now.dataOrderChanges(ckpt));
        // another train set (a changed file) changes the data order only
        RunIdentity grown = of(32, "0123456789abcdef0123", List.of(sample("a", "1"), sample("b", "3")),
                "gss.train.optimizer.lr=2.0e-3", "gss.train.iterations=60");
        assertEquals(List.of(), grown.refusals(ckpt));
        assertEquals(1, grown.dataOrderChanges(ckpt).size());
        assertTrue(grown.dataOrderChanges(ckpt).get(0).startsWith(RunIdentity.TRAIN_SAMPLES + ": checkpoint "));
    }
}
