package org.gss.tokenizer.cache;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.gss.config.GssConfig;

/**
 * Everything besides the sample's bytes and the view that a cached token map depends on. Two entries with equal
 * sample key, entry key and view hold the same tokens, so a build reuses any entry it finds under these keys, whatever
 * version wrote it. The view is keyed per entry (not as a set), so adding a ratio computes only the new views.
 *
 * @param format       the encoding procedure ({@link #FORMAT}); bumped when {@link SampleEncoder} changes
 * @param palette      {@link CacheKeys#paletteHash}: class colours and the ignore colour
 * @param tokenizer    the tokenizer's weight fingerprint ({@code TokenizerSettings.fingerprint()})
 * @param geometry     {@link CacheKeys#geometry}: base size the view ratios apply to, and the token size
 * @param mapping      {@link CacheKeys#mappingHash} of the sample's dataset: raw label ids → training ids
 * @param pseudoSource "" for ground-truth labels, else the {@link PseudoLabeler#source()} that filled unlabeled pixels
 */
public record EntryKey(String format, String palette, String tokenizer, String geometry, String mapping,
        String pseudoSource) implements Serializable {
    /** Resize (nearest) → flip → pad with ignore to the token grid → palette → tokenizer.encode, one view per call. */
    public static final String FORMAT = "gss-token-entry/1";

    public EntryKey {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(palette, "palette");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(pseudoSource, "pseudoSource");
    }

    public static EntryKey of(String palette, String tokenizer, String geometry, String mapping) {
        return new EntryKey(FORMAT, palette, tokenizer, geometry, mapping, "");
    }

    /** The key of the same entries with unlabeled pixels filled by {@code source}. */
    public EntryKey withPseudoSource(String source) {
        return new EntryKey(format, palette, tokenizer, geometry, mapping, source == null ? "" : source);
    }

    public boolean pseudo() {
        return !pseudoSource.isEmpty();
    }

    /** SHA-256 hex over the named parts. */
    public String hash() {
        StringBuilder sb = new StringBuilder();
        parts().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return GssConfig.sha256(sb.toString());
    }

    /** The parts by name, in a fixed order (recorded in version manifests). */
    public Map<String, String> parts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("palette", palette);
        m.put("tokenizer", tokenizer);
        m.put("geometry", geometry);
        m.put("mapping", mapping);
        m.put("pseudoSource", pseudoSource);
        return m;
    }
}
