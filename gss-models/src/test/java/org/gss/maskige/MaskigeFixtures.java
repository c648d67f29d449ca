package org.gss.maskige;

import java.io.File;
import java.util.SplittableRandom;
import org.gss.data.image.LabelMap;
import org.gss.data.testing.SharedData;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Synthetic label maps, noise and golden-file access shared by the maskige tests. */
final class MaskigeFixtures {
    private MaskigeFixtures() {
    }

    /**
     * A map of block×block squares: square i gets class i for the first K squares (so every class occurs), the rest
     * a random class, and about {@code ignoreFraction} of the squares after the first K get the ignore id.
     */
    static LabelMap blocks(int width, int height, int numClasses, int block, double ignoreFraction, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int bw = (width + block - 1) / block;
        int bh = (height + block - 1) / block;
        if (bw * bh < numClasses) {
            throw new IllegalArgumentException("too few blocks for " + numClasses + " classes");
        }
        int[] blockIds = new int[bw * bh];
        for (int i = 0; i < blockIds.length; i++) {
            if (i < numClasses) {
                blockIds[i] = i;
            } else {
                blockIds[i] = random.nextDouble() < ignoreFraction ? LabelMap.IGNORE : random.nextInt(numClasses);
            }
        }
        LabelMap map = LabelMap.filled(width, height, 0);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                map.set(x, y, blockIds[(y / block) * bw + x / block]);
            }
        }
        return map;
    }

    /** Every pixel an independent uniform class: each pixel is one trial in the noise tests. */
    static LabelMap uniform(int width, int height, int numClasses, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LabelMap map = LabelMap.filled(width, height, 0);
        for (int i = 0; i < map.size(); i++) {
            map.ids()[i] = (byte) random.nextInt(numClasses);
        }
        return map;
    }

    /** Adds N(0, sigma²) on the 0..255 scale to a 0..1 maskige (no clamping). */
    static float[] withGaussianNoise(float[] chw, double sigma255, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] out = chw.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (random.nextGaussian() * sigma255 / 255.0);
        }
        return out;
    }

    /** Fraction of pixels where the two maps agree, over pixels whose truth is not ignore. */
    static double accuracy(LabelMap truth, LabelMap predicted) {
        long hit = 0;
        long total = 0;
        for (int i = 0; i < truth.size(); i++) {
            if (truth.at(i) != LabelMap.IGNORE) {
                total++;
                hit += truth.at(i) == predicted.at(i) ? 1 : 0;
            }
        }
        return (double) hit / total;
    }

    static INDArray golden(String relative) {
        File f = SharedData.data("dvae-golden/" + relative).toFile();
        return Nd4j.createFromNpyFile(f);
    }

    static Palette goldenPalette() {
        INDArray p = golden("palette.npy");
        int[][] colours = new int[(int) p.size(0)][3];
        for (int k = 0; k < colours.length; k++) {
            for (int m = 0; m < 3; m++) {
                colours[k][m] = p.getInt(k, m);
            }
        }
        return Palette.of(colours);
    }

    /** Image b of an int64 [N,H,W] label array as a LabelMap. */
    static LabelMap labelMap(INDArray labels, int b) {
        int h = (int) labels.size(1);
        int w = (int) labels.size(2);
        LabelMap map = LabelMap.filled(w, h, 0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                map.set(x, y, (int) labels.getLong(b, y, x));
            }
        }
        return map;
    }
}
