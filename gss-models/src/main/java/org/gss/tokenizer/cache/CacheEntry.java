package org.gss.tokenizer.cache;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * One row of the token cache: the tokens and per-token label coverage of one sample under one augmentation view.
 * Identified by (sample key, entry key, view): the sample key names the sample's bytes
 * ({@link CacheKeys#sampleKey}), the entry key everything else the tokens depend on ({@link EntryKey}).
 *
 * @param sampleId        the id the sample had when the entry was computed (diagnostics only: a renamed or moved
 *                        sample with the same bytes reuses the entry)
 * @param tokenBytes      2 (int16) or 4 (int32) bytes per stored token ({@link TokenCodec})
 * @param tokens          packed token ids, row-major {@code gridHeight × gridWidth}
 * @param coverage        one {@link org.gss.data.view.TokenCoverage} code per token
 * @param unlabeledPixels unlabeled pixels in the sample's source label map (before views and any pseudo-label fill):
 *                        0 means the sample is fully labeled, which pseudo-label builds use to share entries
 * @param checksum        CRC32 over keys, view, sizes, tokens and coverage ({@link #computeChecksum})
 */
public record CacheEntry(String sampleKey, String entryKey, String view, String sampleId, int gridWidth, int gridHeight,
        int tokenBytes, byte[] tokens, byte[] coverage, long unlabeledPixels, long checksum) implements Serializable {

    public CacheEntry {
        Objects.requireNonNull(sampleKey, "sampleKey");
        Objects.requireNonNull(entryKey, "entryKey");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(sampleId, "sampleId");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(coverage, "coverage");
    }

    /** An entry with its checksum computed. */
    public static CacheEntry of(String sampleKey, String entryKey, String view, String sampleId, TokenGrid grid,
            int tokenBytes, long unlabeledPixels) {
        byte[] packed = TokenCodec.pack(grid.tokens(), tokenBytes);
        byte[] cov = grid.coverage().clone();
        long crc = computeChecksum(sampleKey, entryKey, view, grid.width(), grid.height(), tokenBytes, packed, cov);
        return new CacheEntry(sampleKey, entryKey, view, sampleId, grid.width(), grid.height(), tokenBytes, packed, cov,
                unlabeledPixels, crc);
    }

    public static long computeChecksum(String sampleKey, String entryKey, String view, int gridWidth, int gridHeight,
            int tokenBytes, byte[] tokens, byte[] coverage) {
        CRC32 crc = new CRC32();
        for (String s : new String[] {sampleKey, entryKey, view}) {
            crc.update(s.getBytes(StandardCharsets.UTF_8));
            crc.update(0);
        }
        crc.update(ByteBuffer.allocate(12).putInt(gridWidth).putInt(gridHeight).putInt(tokenBytes).array());
        crc.update(tokens);
        crc.update(coverage);
        return crc.getValue();
    }

    /** Whether the stored checksum matches the content and the sizes are consistent. */
    public boolean checksumOk() {
        return tokens.length == (long) gridWidth * gridHeight * tokenBytes && coverage.length == gridWidth * gridHeight
                && checksum == computeChecksum(sampleKey, entryKey, view, gridWidth, gridHeight, tokenBytes, tokens,
                        coverage);
    }

    /** The decoded token map and coverage. */
    public TokenGrid grid() {
        return new TokenGrid(gridWidth, gridHeight, TokenCodec.unpack(tokens, tokenBytes), coverage.clone());
    }

    /** "sampleKey/entryKey/view": unique within a cache. */
    public String id() {
        return id(sampleKey, entryKey, view);
    }

    public static String id(String sampleKey, String entryKey, String view) {
        return sampleKey + "/" + entryKey + "/" + view;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheEntry e && e.sampleKey.equals(sampleKey) && e.entryKey.equals(entryKey)
                && e.view.equals(view) && e.sampleId.equals(sampleId) && e.gridWidth == gridWidth
                && e.gridHeight == gridHeight && e.tokenBytes == tokenBytes && Arrays.equals(e.tokens, tokens)
                && Arrays.equals(e.coverage, coverage) && e.unlabeledPixels == unlabeledPixels
                && e.checksum == checksum;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sampleKey, entryKey, view, checksum);
    }

    @Override
    public String toString() {
        return "CacheEntry[" + sampleId + " " + view + " " + gridWidth + "x" + gridHeight + ", sample "
                + sampleKey.substring(0, Math.min(12, sampleKey.length())) + ", entry "
                + entryKey.substring(0, Math.min(12, entryKey.length())) + "]";
    }
}
