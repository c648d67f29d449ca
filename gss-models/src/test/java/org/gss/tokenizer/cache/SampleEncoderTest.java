package org.gss.tokenizer.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.gss.data.image.LabelMap;
import org.gss.data.testing.SharedData;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.LabelOps;
import org.gss.data.view.TokenCoverage;
import org.gss.data.view.ViewGeometry;
import org.gss.maskige.MaximalDistancePalette;
import org.gss.maskige.NearestColourInverse;
import org.gss.maskige.Palette;
import org.gss.tokenizer.DalleDvae;
import org.gss.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Per-sample encoding with the small golden dVAE (vocabulary 512): sizes, tokens, coverage, pseudo fill. */
class SampleEncoderTest {
    static Tokenizer dvae;
    static Palette palette = MaximalDistancePalette.create(5, 0);
    static ViewGeometry geometry = new ViewGeometry(64, 32, 8);

    @BeforeAll
    static void load() {
        dvae = DalleDvae.load(SharedData.data("dvae-golden/small/encoder.npz"),
                SharedData.data("dvae-golden/small/decoder.npz"));
    }

    /** A 40×20 scene: stripes of classes 0..4 and a 6×5 unlabeled hole. */
    static LabelMap scene() {
        LabelMap m = new LabelMap(40, 20, new byte[800]);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                m.set(x, y, (x / 9 + y / 7) % 5);
            }
        }
        for (int y = 3; y < 8; y++) {
            for (int x = 30; x < 36; x++) {
                m.set(x, y, LabelMap.IGNORE);
            }
        }
        return m;
    }

    @Test
    void eachViewIsTheTokenizerOfThePaddedViewMaskigeWithItsCoverage() {
        SampleEncoder enc = new SampleEncoder(palette, dvae, geometry);
        assertEquals(2, enc.tokenBytes());
        LabelMap labels = scene();
        List<AugmentationView> views = AugmentationView.grid(List.of(0.75, 1.0), true);
        List<CacheEntry> entries = enc.encode("sk", "ek", "city/img1", labels, labels, views);
        assertEquals(4, entries.size());
        for (int i = 0; i < views.size(); i++) {
            AugmentationView v = views.get(i);
            CacheEntry e = entries.get(i);
            assertEquals(v.id(), e.view());
            assertEquals(30, e.unlabeledPixels());
            assertTrue(e.checksumOk());
            LabelMap view = LabelOps.view(labels, geometry, v);
            int[] grid = geometry.tokenGrid(40, 20, v);
            assertEquals(grid[0], e.gridWidth());
            assertEquals(grid[1], e.gridHeight());
            INDArray x = Nd4j.create(palette.toMaskigeNchw(view), new long[] {1, 3, view.height(), view.width()}, 'c');
            assertArrayEquals(dvae.encode(x).dup('c').data().asInt(), e.grid().tokens(), v.id());
            assertArrayEquals(TokenCoverage.of(view, 8), e.coverage(), v.id());
        }
        // ratio 1.0 fits 40x20 into 64x32 exactly: 8x4 tokens; 0.75 gives 48x24, padded to 48x24 (6x3)
        assertEquals(8, entries.get(2).gridWidth());
        assertEquals(6, entries.get(0).gridWidth());
        // the hole makes some tokens partly or wholly unlabeled
        byte[] cov = entries.get(2).coverage();
        assertTrue(contains(cov, TokenCoverage.PARTLY) || contains(cov, TokenCoverage.UNLABELED));
        // the flipped view's coverage is the mirror image when the view fills the token grid exactly
        byte[] flipCov = entries.get(3).coverage();
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals(cov[y * 8 + x], flipCov[y * 8 + 7 - x]);
            }
        }
    }

    @Test
    void pseudoFilledLabelsChangeTheTokensButNotTheCoverage() {
        SampleEncoder enc = new SampleEncoder(palette, dvae, geometry);
        LabelMap labels = scene();
        LabelMap filled = new NearestLabelFill().fill(null, labels);
        List<AugmentationView> one = List.of(new AugmentationView(1.0, false));
        CacheEntry gt = enc.encode("sk", "ek", "id", labels, labels, one).get(0);
        CacheEntry ps = enc.encode("sk", "ek2", "id", labels, filled, one).get(0);
        assertArrayEquals(gt.coverage(), ps.coverage());
        assertEquals(gt.unlabeledPixels(), ps.unlabeledPixels());
        LabelMap filledView = LabelOps.view(filled, geometry, one.get(0));
        assertArrayEquals(enc.encodeLabels(filledView), ps.grid().tokens());
        assertNotEquals(java.util.Arrays.toString(gt.grid().tokens()), java.util.Arrays.toString(ps.grid().tokens()),
                "painting the hole with class colours instead of the ignore colour changes some tokens");
        assertThrows(IllegalArgumentException.class,
                () -> enc.encode("sk", "ek", "id", labels, LabelMap.filled(8, 8, 0), one));
    }

    @Test
    void reconstructionDecodesToTheViewSizeAndFullCropsAreConsistent() {
        SampleEncoder enc = new SampleEncoder(palette, dvae, geometry);
        AugmentationView v = new AugmentationView(1.0, false);
        LabelMap view = LabelOps.view(scene(), geometry, v);
        TokenGrid grid = enc.encodeView(scene(), scene(), v);
        LabelMap rec = enc.reconstruct(grid, new NearestColourInverse(palette));
        assertEquals(view.width(), rec.width());
        assertEquals(view.height(), rec.height());
        // a crop as large as the view is the full map: every token agrees
        CropConsistency.Count full = CropConsistency.measure(enc, view, grid, 1024, 2, new SplittableRandom(1));
        assertEquals(2L * 32, full.total());
        assertEquals(full.total(), full.equal());
        CropConsistency.Count part = CropConsistency.measure(enc, view, grid, 16, 3, new SplittableRandom(1));
        assertEquals(3L * 4, part.total());
        assertTrue(part.equal() >= 0 && part.equal() <= part.total());
        assertEquals(part.total(), java.util.Arrays.stream(part.totalByRing()).sum());
    }

    @Test
    void aTokenizerOnAnotherGridIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SampleEncoder(palette, dvae, new ViewGeometry(64, 32, 16)));
        assertTrue(e.getMessage().contains("16"), e.getMessage());
    }

    private static boolean contains(byte[] a, byte v) {
        for (byte b : a) {
            if (b == v) {
                return true;
            }
        }
        return false;
    }
}
