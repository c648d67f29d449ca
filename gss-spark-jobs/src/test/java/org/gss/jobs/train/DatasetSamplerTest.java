package org.gss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.gss.config.ConfigError;
import org.gss.config.GssConfig;
import org.gss.data.manifest.ManifestEntry;
import org.junit.jupiter.api.Test;

/**
 * MSeg balancing: the repeat factors of conf/mseg-r101-ff.conf (the reference's RepeatDataset times) give each training
 * set the share N·T / Σ N·T of the trainer's draws, deterministically for a seed.
 */
class DatasetSamplerTest {
    static final Path PROJECT = Path.of(System.getProperty("gsstest.project.dir", ".."));

    /** The seven MSeg training sets at 1/1000 of their sizes (ADE20K 20k, BDD 7k, ... COCO 118k). */
    static final Map<String, Integer> SIZES = Map.of("ade20k-150-relabeled", 20, "bdd-relabeled", 7,
            "cityscapes-19-relabeled", 3, "coco-panoptic-133-relabeled", 118, "idd-39-relabeled", 7,
            "mapillary-public65-relabeled", 18, "sunrgbd-37-relabeled", 5);
    static final Map<String, Integer> REFERENCE = Map.of("ade20k-150-relabeled", 6, "bdd-relabeled", 17,
            "cityscapes-19-relabeled", 40, "coco-panoptic-133-relabeled", 1, "idd-39-relabeled", 17,
            "mapillary-public65-relabeled", 7, "sunrgbd-37-relabeled", 24);

    static List<ManifestEntry> manifest() {
        List<ManifestEntry> out = new ArrayList<>();
        for (String d : new java.util.TreeSet<>(SIZES.keySet())) {
            for (int i = 0; i < SIZES.get(d); i++) {
                out.add(new ManifestEntry(d, "train", d + "-" + i, "img", "lbl", 64, 32, "a", "b", 0));
            }
        }
        return out;
    }

    static TrainSettings msegSettings(String... sets) {
        GssConfig cfg = GssConfig.load(Optional.of(PROJECT.resolve("conf/mseg-r101-ff.conf")), Optional.empty(),
                List.of(sets));
        return TrainSettings.from(cfg, 8192, 194);
    }

    @Test
    void msegConfHoldsTheReferenceFactorsAndTheTrainerDrawsTheirShares() {
        TrainSettings s = msegSettings("gss.train.workers=4", "gss.train.batch-per-worker=8",
                "gss.train.averaging-frequency=5");
        assertEquals(REFERENCE, s.datasetRepeat());
        List<ManifestEntry> train = manifest();
        DatasetSampler sampler = DatasetSampler.of(train, s.datasetRepeat());
        long total = 0;
        for (String d : SIZES.keySet()) {
            total += (long) SIZES.get(d) * REFERENCE.get(d);
        }
        Map<String, Integer> counts = new HashMap<>();
        int draws = 0;
        for (int round = 0; round < 500; round++) {
            for (List<BatchFactory.Assignment> worker : TrainJob.assignments(sampler, s, round)) {
                for (BatchFactory.Assignment a : worker) {
                    counts.merge(a.entry().dataset(), 1, Integer::sum);
                    draws++;
                }
            }
        }
        assertEquals(500 * 4 * 8 * 5, draws);
        for (String d : SIZES.keySet()) {
            double expected = SIZES.get(d) * (double) REFERENCE.get(d) / total;
            assertEquals(expected, sampler.expectedShares().get(d), 1e-12, d);
            double observed = counts.getOrDefault(d, 0) / (double) draws;
            // binomial standard deviation at 80k draws is below 0.0017 for every share here: 4 sigma
            assertEquals(expected, observed, 0.007, d + " share");
        }
        // COCO is 118/178 of the samples but only a seventh of the draws, as Cityscapes with 3/178 of them
        assertTrue(counts.get("coco-panoptic-133-relabeled") / (double) draws < 0.25);
        assertTrue(counts.get("cityscapes-19-relabeled") / (double) draws > 0.13);
        // a pure function of (seed, round)
        assertEquals(TrainJob.assignments(sampler, s, 7), TrainJob.assignments(train, s, 7));
    }

    @Test
    void withoutFactorsTheDrawsAreTheUniformDrawsOfEarlierRuns() {
        List<ManifestEntry> train = manifest();
        DatasetSampler uniform = DatasetSampler.of(train, Map.of("coco-panoptic-133-relabeled", 1));
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            assertEquals(train.get(b.nextInt(train.size())), uniform.draw(a));
        }
        assertEquals(118 / 178.0, uniform.expectedShares().get("coco-panoptic-133-relabeled"), 1e-12);
        assertEquals(List.of("voc2012"), DatasetSampler.unmatched(train, Map.of("voc2012", 3, "bdd-relabeled", 2)));
    }

    @Test
    void badFactorsAreConfigErrorsNamingTheKey() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> msegSettings("gss.train.dataset-repeat.bdd-relabeled=0"));
        assertTrue(e.getMessage().contains("gss.train.dataset-repeat.bdd-relabeled"), e.getMessage());
    }
}
