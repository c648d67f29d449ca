package org.gss.tokenizer.cache;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.gss.config.GssConfig;
import org.gss.data.image.BadInputException;
import org.gss.data.layout.Skipped;

/**
 * The manifest of one token-cache version ({@code versions/<id>.json}): what it was built from (its {@link Key}),
 * what it holds (counts, bytes, the segment files it uses, the index of its entries) and how the build went. Written
 * last by a build, so a version whose JSON exists is complete; the {@code CURRENT} pointer names the one readers use.
 *
 * @param id        {@code v-} + the first 16 hex digits of {@link Key#hash()}: a rebuild with the same inputs names
 *                  the same version
 * @param index     path, relative to the cache root, of the Parquet file listing every (sample, view) of the version
 *                  with its keys and segment
 * @param bytes     sum of the sizes of the segments the version uses (shared segments counted in full)
 */
public record CacheVersion(String format, String id, String createdAt, String dataset, String manifest,
        Key key, List<String> views, Counts counts, long bytes, List<Segment> segments, String index,
        List<Skipped> skipped, Build build, String configHash) {
    public static final String FORMAT = "gss-token-cache-version/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public CacheVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        views = List.copyOf(views);
        segments = List.copyOf(segments);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    /**
     * The inputs a version is built from. {@link #hash()} covers all of them; equal hashes mean equal entries.
     *
     * @param palette         {@link CacheKeys#paletteHash}
     * @param paletteSource   how the palette was made (for people; not hashed)
     * @param tokenizer       the tokenizer weights' fingerprint
     * @param tokenizerKind   dvae | own (for people; the fingerprint covers it)
     * @param geometry        {@link CacheKeys#geometry}
     * @param viewsHash       {@link CacheKeys#viewsHash} of the view set
     * @param mappings        per sample dataset, {@link CacheKeys#mappingHash} of its label mapping
     * @param layout          the dataset layout, taxonomy and class count the mappings come from (for people)
     * @param pseudoSource    "" or the {@link PseudoLabeler#source()} of a pseudo-label build
     * @param manifestContentHash the sample manifest's {@code contentHash}
     */
    public record Key(String hash, String entryFormat, String palette, String paletteSource, String tokenizer,
            String tokenizerKind, String geometry, String viewsHash, Map<String, String> mappings, String layout,
            String pseudoSource, String manifestContentHash) {

        public static Key of(String entryFormat, String palette, String paletteSource, String tokenizer,
                String tokenizerKind, String geometry, String viewsHash, Map<String, String> mappings, String layout,
                String pseudoSource, String manifestContentHash) {
            Map<String, String> sorted = new TreeMap<>(mappings);
            StringBuilder sb = new StringBuilder("gss-token-cache-key/1\n");
            sb.append("entryFormat=").append(entryFormat).append('\n');
            sb.append("palette=").append(palette).append('\n');
            sb.append("tokenizer=").append(tokenizer).append('\n');
            sb.append("geometry=").append(geometry).append('\n');
            sb.append("views=").append(viewsHash).append('\n');
            sorted.forEach((d, h) -> sb.append("mapping.").append(d).append('=').append(h).append('\n'));
            sb.append("pseudoSource=").append(pseudoSource).append('\n');
            sb.append("manifest=").append(manifestContentHash).append('\n');
            return new Key(GssConfig.sha256(sb.toString()), entryFormat, palette, paletteSource, tokenizer,
                    tokenizerKind, geometry, viewsHash, sorted, layout, pseudoSource, manifestContentHash);
        }

        /** Names of the hashed parts that differ from {@code other} (empty when the keys are equal). */
        public List<String> differences(Key other) {
            List<String> d = new ArrayList<>();
            if (!entryFormat.equals(other.entryFormat)) {
                d.add("entry format");
            }
            if (!palette.equals(other.palette)) {
                d.add("palette");
            }
            if (!tokenizer.equals(other.tokenizer)) {
                d.add("tokenizer weights");
            }
            if (!geometry.equals(other.geometry)) {
                d.add("base size");
            }
            if (!viewsHash.equals(other.viewsHash)) {
                d.add("view set");
            }
            if (!new TreeMap<>(mappings).equals(new TreeMap<>(other.mappings))) {
                d.add("label mapping");
            }
            if (!pseudoSource.equals(other.pseudoSource)) {
                d.add("pseudo-label source");
            }
            if (!manifestContentHash.equals(other.manifestContentHash)) {
                d.add("sample manifest");
            }
            return d;
        }
    }

    /** Counts of a version: samples and (sample, view) entries, per split; samples whose entries are pseudo-labeled. */
    public record Counts(long samples, long entries, long pseudoLabeledSamples, Map<String, Long> samplesPerSplit) {
    }

    /** A segment file the version uses: its path relative to the cache root, entries used from it, size in bytes. */
    public record Segment(String path, long entries, long bytes) {
    }

    /** What the build that wrote this version did. */
    public record Build(long samplesEncoded, long samplesReused, long entriesEncoded, long entriesReused,
            long segmentsWritten, double seconds) {
    }

    public static String idOf(Key key) {
        return "v-" + key.hash().substring(0, 16);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a version manifest; errors name {@code file}. */
    public static CacheVersion fromJson(byte[] json, String file) {
        try {
            CacheVersion v = JSON.readValue(json, CacheVersion.class);
            if (!FORMAT.equals(v.format())) {
                throw new BadInputException(file, "not a token-cache version (format " + v.format() + ", expected "
                        + FORMAT + ")");
            }
            return v;
        } catch (IOException e) {
            throw new BadInputException(file, "unreadable token-cache version: " + e.getMessage(), e);
        }
    }
}
