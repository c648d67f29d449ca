package org.gss.tokenizer.vq;

import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.gss.data.image.LabelMap;

/**
 * Random square crops with random horizontal flips from a stream of label maps, deterministic for the seed. A map
 * smaller than the crop is placed at a random offset in a crop filled with the ignore id (which the losses skip).
 */
final class CropSampler {
    private final Supplier<LabelMap> source;
    private final int crop;
    private final SplittableRandom rng;

    CropSampler(Supplier<LabelMap> source, int crop, long seed) {
        this.source = source;
        this.crop = crop;
        this.rng = new SplittableRandom(seed);
    }

    LabelMap next() {
        LabelMap m = source.get();
        if (m == null) {
            throw new IllegalStateException("the label map source returned null");
        }
        int w = m.width();
        int h = m.height();
        // offset of the crop in the map (positive) or of the map in the crop (negative)
        int ox = w >= crop ? rng.nextInt(w - crop + 1) : -rng.nextInt(crop - w + 1);
        int oy = h >= crop ? rng.nextInt(h - crop + 1) : -rng.nextInt(crop - h + 1);
        boolean flip = rng.nextBoolean();
        byte[] out = new byte[crop * crop];
        java.util.Arrays.fill(out, (byte) LabelMap.IGNORE);
        byte[] ids = m.ids();
        for (int y = 0; y < crop; y++) {
            int sy = y + oy;
            if (sy < 0 || sy >= h) {
                continue;
            }
            for (int x = 0; x < crop; x++) {
                int sx = x + ox;
                if (sx >= 0 && sx < w) {
                    out[y * crop + (flip ? crop - 1 - x : x)] = ids[sy * w + sx];
                }
            }
        }
        return new LabelMap(crop, crop, out);
    }
}
