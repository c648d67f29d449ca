package org.gss.jobs.cache;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.gss.config.ConfigError;
import org.gss.data.DatasetReaders;
import org.gss.data.image.BadInputException;
import org.gss.data.label.LabelMapping;
import org.gss.data.layout.DatasetLayout;
import org.gss.maskige.Palette;
import org.gss.model.ModelFile;
import org.gss.model.fill.AuxHeadFill;
import org.gss.model.fill.PseudoLabelers;
import org.gss.store.Checkpoints;
import org.gss.tokenizer.cache.CacheKeys;
import org.gss.tokenizer.cache.CacheVersion;
import org.gss.tokenizer.cache.EntryKey;
import org.gss.tokenizer.cache.PseudoLabeler;

/**
 * What the cache's keys are computed from, resolved once on the driver: the palette, the tokenizer's weight
 * fingerprint, the view geometry and set, the dataset layout's label mappings and the pseudo-label fill (if any; a
 * Stage II checkpoint is resolved to one checkpoint folder and hashed here).
 */
final class CacheInputs {
    final TokenCacheSettings settings;
    final Palette palette;
    final String paletteHash;
    final String fingerprint;
    final String geometry;
    final String viewsHash;
    final DatasetLayout layout;
    /** Null for a ground-truth build. */
    final PseudoLabeler pseudo;
    private final Map<String, String> mappingHashes = new TreeMap<>();

    private CacheInputs(TokenCacheSettings s, Palette palette, String fingerprint, DatasetLayout layout,
            PseudoLabeler pseudo) {
        this.settings = s;
        this.palette = palette;
        this.paletteHash = CacheKeys.paletteHash(palette);
        this.fingerprint = fingerprint;
        this.geometry = CacheKeys.geometry(s.geometry());
        this.viewsHash = CacheKeys.viewsHash(s.views());
        this.layout = layout;
        this.pseudo = pseudo;
    }

    /** Reads the palette and hashes the tokenizer weights; opens the pseudo-label fill if one is configured. */
    static CacheInputs open(TokenCacheSettings s, Configuration conf) {
        Palette palette;
        try {
            palette = s.maskige().createPalette();
        } catch (IllegalArgumentException e) {
            throw new ConfigError("gss.maskige: " + e.getMessage(), e);
        }
        PseudoLabeler pseudo = s.pseudoLabels().isEmpty() ? null
                : PseudoLabelers.open(s.pseudoLabels(), spec -> checkpointFill(spec, s, palette, conf));
        return new CacheInputs(s, palette, s.tokenizer().fingerprint(), DatasetReaders.open(s.dataset(), conf), pseudo);
    }

    /**
     * The auxiliary-head fill of a Stage II checkpoint. A training run folder is resolved to its latest checkpoint
     * here, once, on the driver: the key and every executor then name the same checkpoint (folder and SHA-256 of its
     * model.zip), even while training adds newer ones.
     */
    static AuxHeadFill checkpointFill(String spec, TokenCacheSettings s, Palette palette, Configuration conf) {
        String folder = Checkpoints.resolve(spec, conf);
        AuxHeadFill fill = AuxHeadFill.open(folder, s.pseudoCrop(), s.pseudoStride(), conf);
        int k;
        try {
            k = fill.classes();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(ModelFile.in(folder), e.getMessage(), e);
        }
        if (k > palette.numClasses()) {
            throw new ConfigError("the auxiliary head of " + folder + " predicts " + k + " classes but the palette"
                    + " colours " + palette.numClasses() + " (gss.maskige.classes)");
        }
        return fill;
    }

    /** The label mapping's hash of one sample dataset; its classes must fit the palette. */
    synchronized String mappingHash(String dataset) {
        return mappingHashes.computeIfAbsent(dataset, d -> {
            LabelMapping m = layout.labelMapping(d);
            if (m.numTargetClasses() > palette.numClasses()) {
                throw new ConfigError("dataset " + d + " has " + m.numTargetClasses() + " training classes but the"
                        + " palette colours " + palette.numClasses() + " (gss.maskige.classes)");
            }
            return CacheKeys.mappingHash(m);
        });
    }

    EntryKey baseKey(String dataset) {
        return EntryKey.of(paletteHash, fingerprint, geometry, mappingHash(dataset));
    }

    /** The key of pseudo-labeled entries, or null in a ground-truth build. */
    EntryKey pseudoKey(String dataset) {
        return pseudo == null ? null : baseKey(dataset).withPseudoSource(pseudo.source());
    }

    String layoutText() {
        return settings.dataset().layout() + "/taxonomy=" + settings.dataset().taxonomy() + "/classes="
                + settings.dataset().classes();
    }

    CacheVersion.Key versionKey(Collection<String> datasets, String manifestContentHash) {
        Map<String, String> mappings = new TreeMap<>();
        for (String d : datasets) {
            mappings.put(d, mappingHash(d));
        }
        return CacheVersion.Key.of(EntryKey.FORMAT, paletteHash, palette.source(), fingerprint,
                settings.tokenizer().kind(), geometry, viewsHash, mappings, layoutText(),
                pseudo == null ? "" : pseudo.source(), manifestContentHash);
    }
}
