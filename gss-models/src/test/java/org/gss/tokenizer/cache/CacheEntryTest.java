package org.gss.tokenizer.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Token storage widths, the entry checksum and grid crops. */
class CacheEntryTest {
    @Test
    void tokensAreInt16UpTo32768IdsElseInt32AndRoundTrip() {
        assertEquals(2, TokenCodec.bytesPerToken(512));
        assertEquals(2, TokenCodec.bytesPerToken(8192));
        assertEquals(2, TokenCodec.bytesPerToken(32_768));
        assertEquals(4, TokenCodec.bytesPerToken(32_769));
        int[] ids = {0, 1, 511, 8191, 32_767};
        byte[] packed = TokenCodec.pack(ids, 2);
        assertEquals(10, packed.length);
        assertArrayEquals(new byte[] {(byte) 0xFF, 0x7F}, java.util.Arrays.copyOfRange(packed, 8, 10)); // little-endian
        assertArrayEquals(ids, TokenCodec.unpack(packed, 2));
        int[] big = {0, 40_000, 65_535, 1 << 20};
        assertArrayEquals(big, TokenCodec.unpack(TokenCodec.pack(big, 4), 4));
        assertThrows(IllegalArgumentException.class, () -> TokenCodec.pack(new int[] {40_000}, 2));
    }

    @Test
    void checksumCoversKeysSizesTokensAndCoverage() {
        TokenGrid g = new TokenGrid(3, 2, new int[] {1, 2, 3, 4, 5, 6}, new byte[] {0, 0, 1, 2, 0, 1});
        CacheEntry e = CacheEntry.of("s", "k", "r1", "a/b", g, 2, 7);
        assertTrue(e.checksumOk());
        assertEquals(g, e.grid());
        assertEquals("s/k/r1", e.id());

        byte[] flipped = e.tokens().clone();
        flipped[5] ^= 1;
        assertFalse(withTokens(e, flipped).checksumOk(), "a flipped token bit");
        byte[] cov = e.coverage().clone();
        cov[0] = 2;
        assertFalse(new CacheEntry(e.sampleKey(), e.entryKey(), e.view(), e.sampleId(), 3, 2, 2, e.tokens(), cov,
                7, e.checksum()).checksumOk(), "a changed coverage code");
        assertFalse(new CacheEntry(e.sampleKey(), e.entryKey(), "r2", e.sampleId(), 3, 2, 2, e.tokens(),
                e.coverage(), 7, e.checksum()).checksumOk(), "an entry filed under another view");
        assertFalse(new CacheEntry(e.sampleKey(), e.entryKey(), e.view(), e.sampleId(), 2, 3, 2, e.tokens(),
                e.coverage(), 7, e.checksum()).checksumOk(), "transposed sizes");
    }

    @Test
    void gridCropsAreAlignedWindows() {
        int[] t = new int[4 * 3];
        byte[] c = new byte[12];
        for (int i = 0; i < 12; i++) {
            t[i] = i;
            c[i] = (byte) (i % 3);
        }
        TokenGrid g = new TokenGrid(4, 3, t, c);
        TokenGrid crop = g.crop(1, 1, 2, 2);
        assertArrayEquals(new int[] {5, 6, 9, 10}, crop.tokens());
        assertArrayEquals(new byte[] {2, 0, 0, 1}, crop.coverage());
        assertThrows(IllegalArgumentException.class, () -> g.crop(3, 0, 2, 1));
    }

    private static CacheEntry withTokens(CacheEntry e, byte[] tokens) {
        return new CacheEntry(e.sampleKey(), e.entryKey(), e.view(), e.sampleId(), e.gridWidth(), e.gridHeight(),
                e.tokenBytes(), tokens, e.coverage(), e.unlabeledPixels(), e.checksum());
    }
}
