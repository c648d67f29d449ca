package org.gss.jobs.cache;

import java.io.Serializable;
import java.util.List;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.DatasetSettings;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.TokenGrid;
import org.gss.data.view.ViewGeometry;
import org.gss.maskige.MaskigeSettings;
import org.gss.tokenizer.config.TokenizerSettings;

/**
 * Validated settings of {@code gss token-cache}: the {@code gss.token-cache} block plus the dataset, maskige and
 * tokenizer blocks the entries depend on.
 *
 * @param pseudoLabels "" (ground truth), {@code nearest}, or a Stage II checkpoint ({@code --pseudo-labels} overrides):
 *                     a training run folder (its latest checkpoint), a checkpoint folder or its model.zip
 * @param pseudoCrop   checkpoint fill: sliding-window side in pixels, 0 = one pass over the whole image
 * @param pseudoStride checkpoint fill: window step (0 with {@code pseudoCrop} 0)
 */
public record TokenCacheSettings(String root, String manifest, List<AugmentationView> views, ViewGeometry geometry,
        String pseudoLabels, int pseudoCrop, int pseudoStride, int keepVersions, int verifySamples, long verifySeed,
        double verifyMaxMismatch, int lockWaitSeconds, Bench bench, DatasetSettings dataset, MaskigeSettings maskige,
        TokenizerSettings tokenizer) implements Serializable {
    /** {@code gss token-cache bench}: how many entries, crop side in pixels, crops per entry, seed. */
    public record Bench(int entries, int crop, int cropsPerEntry, long seed) implements Serializable {
    }

    public static TokenCacheSettings from(GssConfig cfg) {
        Settings s = Settings.of(cfg, "gss.token-cache");
        List<Double> scales = s.doubles("scales");
        if (scales.isEmpty()) {
            throw s.error("scales", "must list at least one resize ratio", null);
        }
        List<AugmentationView> views;
        try {
            views = AugmentationView.grid(scales, s.bool("flip"));
        } catch (IllegalArgumentException e) {
            throw s.error("scales", e.getMessage(), e);
        }
        if (views.stream().map(AugmentationView::id).distinct().count() != views.size()) {
            throw s.error("scales", "lists a ratio twice (views are identified by ratio to 4 decimals)", null);
        }
        List<Integer> base = s.ints("base-size");
        if (base.size() != 2 || base.get(0) < base.get(1) || base.get(1) < 1) {
            throw s.error("base-size", "expected [long side, short side] with long >= short >= 1", null);
        }
        TokenGrid grid = TokenGrid.of(cfg);
        Settings b = s.child("bench");
        int crop = grid.readCrop(b, "crop", 1 << 16);
        Settings p = s.child("pseudo-inference");
        boolean slide = p.oneOf("mode", "whole", "slide").equals("slide");
        int pseudoCrop = p.intIn("crop", grid.size(), 1 << 16);
        int pseudoStride = p.intIn("stride", 1, 1 << 16);
        if (slide && pseudoStride > pseudoCrop) {
            throw p.error("stride", "is " + pseudoStride + ", larger than crop " + pseudoCrop
                    + " (windows would leave gaps)", null);
        }
        return new TokenCacheSettings(s.nonEmpty("root"), s.nonEmpty("manifest"), views,
                grid.geometry(base.get(0), base.get(1)), s.string("pseudo-labels").strip(),
                slide ? pseudoCrop : 0, slide ? pseudoStride : 0,
                s.intIn("keep-versions", 1, 10_000), s.intIn("verify-samples", 0, 1_000_000),
                s.raw().getLong("verify-seed"), s.doubleIn("verify-max-mismatch", 0, 1),
                s.intIn("lock-wait", 0, 86_400),
                new Bench(b.intIn("entries", 0, 10_000_000), crop, b.intIn("crops-per-entry", 1, 1000),
                        b.raw().getLong("seed")),
                DatasetSettings.from(cfg), MaskigeSettings.from(cfg), TokenizerSettings.from(cfg));
    }

    public TokenCacheSettings withPseudoLabels(String spec) {
        return new TokenCacheSettings(root, manifest, views, geometry, spec == null ? "" : spec.strip(), pseudoCrop,
                pseudoStride, keepVersions, verifySamples, verifySeed, verifyMaxMismatch, lockWaitSeconds, bench,
                dataset, maskige, tokenizer);
    }
}
