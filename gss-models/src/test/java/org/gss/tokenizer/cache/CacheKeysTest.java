package org.gss.tokenizer.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.gss.data.image.BadInputException;
import org.gss.data.layout.DatasetLayouts;
import org.gss.data.layout.Skipped;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.ViewGeometry;
import org.gss.maskige.MaximalDistancePalette;
import org.gss.maskige.Palette;
import org.junit.jupiter.api.Test;

/** Keys change exactly with what they cover; version manifests round-trip through JSON. */
class CacheKeysTest {
    @Test
    void paletteKeyCoversClassAndIgnoreColoursButNotTheSourceText() {
        Palette a = MaximalDistancePalette.create(5, 0);
        Palette b = MaximalDistancePalette.create(5, 1);
        assertNotEquals(CacheKeys.paletteHash(a), CacheKeys.paletteHash(b));
        assertEquals(CacheKeys.paletteHash(a), CacheKeys.paletteHash(Palette.of(a.colours(), a.ignoreColour(), "x")));
        assertNotEquals(CacheKeys.paletteHash(a), CacheKeys.paletteHash(Palette.of(a.colours(), new int[] {1, 2, 3})));
    }

    @Test
    void sampleKeyIsDatasetAndBytesNotSplitOrId() {
        String k = CacheKeys.sampleKey("cityscapes", "aa", "bb");
        assertEquals(64, k.length());
        assertNotEquals(k, CacheKeys.sampleKey("cityscapes", "aa", "bc"));
        assertNotEquals(k, CacheKeys.sampleKey("ade20k", "aa", "bb"));
    }

    @Test
    void entryKeyChangesWithEachPartAndViewsAreKeyedApart() {
        EntryKey base = EntryKey.of("p", "t", CacheKeys.geometry(new ViewGeometry(2048, 1024, 8)), "m");
        assertEquals("base=2048x1024,token=8", base.geometry());
        assertNotEquals(base.hash(), base.withPseudoSource("nearest-labeled-pixel/1").hash());
        assertNotEquals(base.hash(), EntryKey.of("p2", "t", base.geometry(), "m").hash());
        assertNotEquals(base.hash(), EntryKey.of("p", "t2", base.geometry(), "m").hash());
        assertNotEquals(base.hash(), EntryKey.of("p", "t", "base=1x1,token=8", "m").hash());
        assertNotEquals(base.hash(), EntryKey.of("p", "t", base.geometry(), "m2").hash());
        assertEquals(base.hash(), base.withPseudoSource("").hash());
        assertNotEquals(CacheKeys.viewsHash(AugmentationView.grid(List.of(1.0), true)),
                CacheKeys.viewsHash(AugmentationView.grid(List.of(1.0), false)));
        String cs = CacheKeys.mappingHash(DatasetLayouts.forName("cityscapes").labelMapping("cityscapes"));
        String ade = CacheKeys.mappingHash(DatasetLayouts.forName("ade20k").labelMapping("ade20k"));
        assertNotEquals(cs, ade);
    }

    @Test
    void versionManifestRoundTripsAndNamesWhatChanged() {
        CacheVersion.Key key = CacheVersion.Key.of(EntryKey.FORMAT, "p", "maximal-distance", "t", "dvae",
                "base=64x32,token=8", "vh", Map.of("cityscapes", "m"), "cityscapes/own/0", "", "mh");
        CacheVersion v = new CacheVersion(CacheVersion.FORMAT, CacheVersion.idOf(key), "2025-01-01T00:00:00Z", "cs",
                "file:/m", key, List.of("r1", "r1-flip"), new CacheVersion.Counts(3, 6, 0, Map.of("train", 3L)), 1234,
                List.of(new CacheVersion.Segment("segments/dataset=cityscapes/split=train/seg-1.parquet", 6, 1234)),
                "versions/x.entries.parquet", List.of(new Skipped("cityscapes", "train", "a", "f", "bad")),
                new CacheVersion.Build(3, 0, 6, 0, 1, 1.5), "ch");
        CacheVersion back = CacheVersion.fromJson(v.toJson(), "v.json");
        assertEquals(v, back);
        assertTrue(v.id().startsWith("v-") && v.id().length() == 18);

        CacheVersion.Key other = CacheVersion.Key.of(EntryKey.FORMAT, "p2", "x", "t", "dvae", "base=64x32,token=8",
                "vh", Map.of("cityscapes", "m"), "cityscapes/own/0", "nearest-labeled-pixel/1", "mh2");
        assertEquals(List.of("palette", "pseudo-label source", "sample manifest"), key.differences(other));
        assertEquals(List.of(), key.differences(key));

        BadInputException e = assertThrows(BadInputException.class,
                () -> CacheVersion.fromJson("{\"format\":\"x\",\"id\":\"v\",\"key\":{}}".getBytes(
                        StandardCharsets.UTF_8), "versions/v.json"));
        assertTrue(e.getMessage().contains("versions/v.json"), e.getMessage());
    }
}
