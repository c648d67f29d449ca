package org.gss.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.synth.SyntheticScene;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.LabelOps;
import org.gss.data.view.TokenCoverage;
import org.gss.data.view.ViewGeometry;
import org.junit.jupiter.api.Test;

class SampleAssemblerTest {
    @Test
    void bilinearResizeMatchesHalfPixelConvention() {
        RgbImage img = new RgbImage(2, 1, new byte[] {0, 0, 0, (byte) 200, (byte) 200, (byte) 200});
        RgbImage up = ImageOps.resizeBilinear(img, 4, 1);
        // source x = (i+0.5)/2-0.5 = -0.25->0, 0.25, 0.75, 1.25->1 : values 0, 50, 150, 200
        assertEquals(0, up.get(0, 0, 0));
        assertEquals(50, up.get(1, 0, 0));
        assertEquals(150, up.get(2, 0, 0));
        assertEquals(200, up.get(3, 0, 2));
    }

    @Test
    void cropTokensAreTheSliceOfTheViewTokenMap() {
        SyntheticScene.Sample s = SyntheticScene.render(100, 60, 5, 0.05, 3);
        ViewGeometry g = new ViewGeometry(100, 60, 8);
        AugmentationView v = new AugmentationView(1.25, true);
        LabelMap view = LabelOps.view(s.labels(), g, v);
        int gw = view.width() / 8;
        int gh = view.height() / 8;
        int[] tokens = new int[gw * gh];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = 1000 + i; // token id encodes its grid position
        }
        byte[] cov = TokenCoverage.of(view, 8);
        SampleAssembler a = new SampleAssembler(g, 48, 0.75, true);
        TrainingSample t = a.assemble(s.image(), s.labels(), v, tokens, cov, new SplittableRandom(9));
        assertEquals(48, t.width());
        assertEquals(3 * 48 * 48, t.image().length);
        int first = t.tokens()[0] - 1000;
        int ox = first % gw;
        int oy = first / gw;
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                assertEquals(1000 + (oy + y) * gw + ox + x, t.tokens()[y * 6 + x]);
            }
        }
        // the pixel labels are the same crop of the view labels, and coverage agrees with them
        LabelMap expected = LabelOps.crop(view, ox * 8, oy * 8, 48, 48);
        assertArrayEquals(expected.ids(), t.labels());
        assertArrayEquals(TokenCoverage.of(new LabelMap(48, 48, t.labels()), 8), t.coverage());
    }

    @Test
    void smallViewsArePaddedAndMaskedAndDeterministic() {
        SyntheticScene.Sample s = SyntheticScene.render(40, 24, 4, 0.0, 5);
        ViewGeometry g = new ViewGeometry(40, 24, 8);
        AugmentationView v = new AugmentationView(1.0, false);
        SampleAssembler a = new SampleAssembler(g, 32, 1.0, false);
        int[] tokens = new int[5 * 3];
        byte[] cov = TokenCoverage.of(LabelOps.view(s.labels(), g, v), 8);
        TrainingSample t1 = a.assemble(s.image(), s.labels(), v, tokens, cov, new SplittableRandom(1));
        TrainingSample t2 = a.assemble(s.image(), s.labels(), v, tokens, cov, new SplittableRandom(1));
        assertArrayEquals(t1.image(), t2.image());
        // view is 40x24 -> rows 3..3 of the 4x4 token crop are padding
        for (int x = 0; x < 4; x++) {
            assertEquals(TokenCoverage.UNLABELED, t1.coverage()[3 * 4 + x]);
        }
        assertEquals(255, t1.labels()[31 * 32] & 0xFF);
        float mean0 = 0;
        for (int i = 0; i < 32 * 24; i++) {
            mean0 += t1.image()[i];
        }
        assertTrue(Math.abs(mean0 / (32 * 24)) < 3, "normalised values are centred: " + mean0);
    }
}
