package org.gss.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.gss.maskige.MaskigeSettings;
import org.junit.jupiter.api.Test;

/** What inference checks a checkpoint against: tokenizer, palette, classes and token grid, each difference named. */
class DecodingIdentityTest {
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);

    static MaskigeSettings maskige(String palette, int classes, long seed) {
        return new MaskigeSettings(palette, classes, "", seed, "nearest", "");
    }

    @Test
    void theSameConfigurationDecodesTheSameWay() {
        DecodingIdentity trained = DecodingIdentity.of(maskige("maximal-distance", 19, 7), A);
        assertEquals(List.of(), trained.differences(DecodingIdentity.of(maskige("maximal-distance", 19, 7), A)));
        assertEquals(8, trained.tokenGrid());
    }

    @Test
    void everyDifferenceIsNamedWithTheTokenizerByBothFingerprints() {
        DecodingIdentity trained = DecodingIdentity.of(maskige("maximal-distance", 19, 7), A);
        List<String> d = trained.differences(DecodingIdentity.of(maskige("random", 20, 7), B));
        assertEquals(3, d.size(), d.toString());
        assertEquals("tokenizer weights (SHA-256): checkpoint " + A + ", configured " + B + " (gss.tokenizer)", d.get(0));
        assertTrue(d.get(1).startsWith("palette colours: checkpoint "), d.get(1));
        assertEquals("classes: checkpoint 19, configured 20 (gss.maskige.classes)", d.get(2));
        List<String> seed = trained.differences(DecodingIdentity.of(maskige("maximal-distance", 19, 8), A));
        assertEquals(1, seed.size(), "another palette seed paints other colours: " + seed);
        List<String> grid = new DecodingIdentity(A, null, 19, 16).differences(trained);
        assertEquals(List.of("token grid: checkpoint one token per 16 pixels, configured 8"), grid);
    }

    @Test
    void itRoundTripsThroughJsonAndOlderCheckpointsAreComparedOnWhatTheirRunIdentityRecorded() {
        DecodingIdentity trained = DecodingIdentity.of(maskige("maximal-distance", 19, 7), A);
        assertEquals(trained, DecodingIdentity.fromJson(trained.toJson()));
        RunIdentity old = new RunIdentity(Map.of(RunIdentity.TOKENIZER_WEIGHTS, A, "gss.maskige.classes", "19"),
                Map.of());
        DecodingIdentity recorded = DecodingIdentity.fromRunIdentity(old);
        assertEquals(new DecodingIdentity(A, null, 19, 0), recorded);
        assertEquals(List.of(), recorded.differences(DecodingIdentity.of(maskige("random", 19, 3), A)),
                "palette and grid were not recorded");
        assertEquals(1, recorded.differences(DecodingIdentity.of(maskige("random", 19, 3), B)).size());
    }
}
