package org.gss.jobs.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gss.data.manifest.ManifestEntry;

/**
 * Which training sample a draw picks, as the reference's concatenated {@code RepeatDataset}s sample them: dataset d
 * with N_d samples repeated T_d times gives each of its samples weight T_d, so d's share of the draws is
 * N_d·T_d / Σ N_e·T_e (MSeg: ADE20K ×6, BDD ×17, Cityscapes ×40, COCO ×1, IDD ×17, Mapillary ×7, SUN RGB-D ×24).
 * Datasets are a manifest row's {@code dataset} column (the MSeg domain). Draws are with replacement from a seeded
 * generator, so a round is a pure function of (seed, round); with every factor 1 the draw is exactly the uniform
 * {@code nextInt(n)} of earlier runs.
 */
final class DatasetSampler implements Serializable {
    private final List<ManifestEntry> train;
    /** cumulative[i] = Σ weights of samples 0..i; null when every weight is 1. */
    private final long[] cumulative;

    private DatasetSampler(List<ManifestEntry> train, long[] cumulative) {
        this.train = train;
        this.cumulative = cumulative;
    }

    /** @param repeat dataset name → factor (≥ 1); datasets not named repeat once */
    static DatasetSampler of(List<ManifestEntry> train, Map<String, Integer> repeat) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training samples to draw from");
        }
        boolean uniform = train.stream().allMatch(e -> repeat.getOrDefault(e.dataset(), 1) == 1);
        if (uniform) {
            return new DatasetSampler(List.copyOf(train), null);
        }
        long[] cumulative = new long[train.size()];
        long sum = 0;
        for (int i = 0; i < train.size(); i++) {
            sum += repeat.getOrDefault(train.get(i).dataset(), 1);
            cumulative[i] = sum;
        }
        return new DatasetSampler(List.copyOf(train), cumulative);
    }

    /** Repeat keys that name no dataset of the training samples (a typo, or a variant with other data). */
    static List<String> unmatched(List<ManifestEntry> train, Map<String, Integer> repeat) {
        TreeSet<String> names = new TreeSet<>();
        train.forEach(e -> names.add(e.dataset()));
        List<String> out = new ArrayList<>();
        for (String k : new TreeSet<>(repeat.keySet())) {
            if (!names.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    ManifestEntry draw(SplittableRandom rnd) {
        if (cumulative == null) {
            return train.get(rnd.nextInt(train.size()));
        }
        long r = rnd.nextLong(cumulative[cumulative.length - 1]);
        int i = Arrays.binarySearch(cumulative, r + 1);
        return train.get(i >= 0 ? i : -i - 1);
    }

    /** Each dataset's expected share of the draws, N_d·T_d / Σ N_e·T_e, by dataset name. */
    Map<String, Double> expectedShares() {
        Map<String, Long> weight = new TreeMap<>();
        long total = 0;
        for (int i = 0; i < train.size(); i++) {
            long w = cumulative == null ? 1 : cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
            weight.merge(train.get(i).dataset(), w, Long::sum);
            total += w;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : weight.entrySet()) {
            out.put(e.getKey(), e.getValue() / (double) total);
        }
        return out;
    }
}
