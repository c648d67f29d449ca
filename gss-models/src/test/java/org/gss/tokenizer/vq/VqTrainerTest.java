package org.gss.tokenizer.vq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.gss.data.image.LabelMap;
import org.gss.data.synth.SyntheticScene;
import org.gss.maskige.MaximalDistancePalette;
import org.gss.maskige.NearestColourInverse;
import org.gss.maskige.Palette;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Training: reproducible for a seed, and the progress it reports is the progress it makes. */
class VqTrainerTest {
    private static final Palette PALETTE = MaximalDistancePalette.create(6, 0);

    private static List<LabelMap> scenes(int n, int size, long seed) {
        List<LabelMap> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SyntheticScene.render(size, size, 6, 0.05, seed + i).labels());
        }
        return out;
    }

    private static VqTrainingSettings tiny(int iterations) {
        return new VqTrainingSettings(new VqConfig(8, 1, 16, 8), iterations, 2, 2e-3, 16, 0.25, 0.99, 0.5, 8.0, 2);
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndReports() {
        List<LabelMap> maps = scenes(4, 24, 100);
        VqTrainer.Result a = VqTrainer.train(tiny(6), maps, PALETTE, 7, null);
        VqTrainer.Result b = VqTrainer.train(tiny(6), maps, PALETTE, 7, null);
        VqTrainer.Result c = VqTrainer.train(tiny(6), maps, PALETTE, 8, null);
        for (String k : a.tokenizer().parameters().keySet()) {
            INDArray x = a.tokenizer().parameters().get(k);
            assertEquals(x, b.tokenizer().parameters().get(k), k);
        }
        assertEquals(a.report().loss(), b.report().loss());
        assertEquals(a.report().restarts(), b.report().restarts());
        assertNotEquals(a.tokenizer().codebook(), c.tokenizer().codebook());
    }

    /**
     * A short run (100 steps of 4 crops of 32×32, ~45 s on two busy cores) on 64×64 scenes of 4 classes (ground, sky,
     * structures, vegetation): measured 74.1 mIoU on held-out scenes; the threshold leaves a margin. Longer runs with
     * the demo's 8 classes are measured by {@link VqDemoBenchmark}.
     */
    @Test
    void shortTrainingReconstructsHeldOutScenes() {
        Palette palette = MaximalDistancePalette.create(4, 0);
        List<LabelMap> train = new ArrayList<>();
        List<LabelMap> heldOut = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            train.add(SyntheticScene.render(64, 64, 4, 0.05, 100 + i).labels());
        }
        for (int i = 0; i < 8; i++) {
            heldOut.add(SyntheticScene.render(64, 64, 4, 0.05, 900 + i).labels());
        }
        VqTrainingSettings s = new VqTrainingSettings(new VqConfig(8, 1, 32, 8), 100, 4, 3e-3, 32, 0.25, 0.99, 0.5,
                8.0, 20);
        VqTrainer.Result untrained = VqTrainer.train(s.withIterations(1), train, palette, 1, null);
        VqTrainer.Result r = VqTrainer.train(s, train, palette, 1, null);
        NearestColourInverse nearest = new NearestColourInverse(palette);
        double before = MaskigeReconstruction.score(untrained.tokenizer(), palette, nearest, heldOut).mIoU();
        double after = MaskigeReconstruction.score(r.tokenizer(), palette, nearest, heldOut).mIoU();
        System.out.printf("reconstruction mIoU on held-out scenes: %.2f after 1 step, %.2f after 100 (%s)%n", before,
                after, r.report());
        assertTrue(after >= 65, "mIoU " + after);
        assertTrue(after >= before + 20, "mIoU " + after + " vs untrained " + before);
        assertTrue(r.report().codesUsed() >= 8, r.report().toString());
    }

    @Test
    void reportsProgressLinesWithUsageSpeedAndEta() {
        List<VqTrainer.Progress> seen = new ArrayList<>();
        VqTrainer.Result r = VqTrainer.train(tiny(4), scenes(3, 16, 5), PALETTE, 1, seen::add);
        assertEquals(List.of(2, 4), seen.stream().map(VqTrainer.Progress::iteration).toList());
        VqTrainer.Progress last = seen.get(1);
        assertTrue(last.codesUsed() >= 1 && last.codesUsed() <= 16, last.line());
        assertTrue(last.perplexity() >= 1 && last.perplexity() <= 16, last.line());
        assertTrue(last.itPerSec() > 0 && last.etaSeconds() == 0, last.line());
        assertTrue(last.line().startsWith("tokenizer train: 4/4 it, loss "), last.line());
        assertEquals(last.loss(), r.report().loss());
        assertEquals(4, r.report().iterations());
        assertTrue(r.tokenizer().provenance().get("settings").contains("iterations=4"));
    }
}
