package org.gss.tokenizer.vq;

import java.util.function.Supplier;

import org.gss.data.image.LabelMap;

/**
 * Per-class loss weights (1/frequency)^p from a sample of the training maps, normalised so that the average pixel
 * weighs 1 and clipped to [1/8, 8] of that: small classes are where reconstruction mIoU is lost, yet they add almost
 * nothing to a plain per-pixel mean.
 */
final class ClassWeights {
    static final int SAMPLE_MAPS = 64;

    private ClassWeights() {
    }

    /** Draws {@link #SAMPLE_MAPS} maps from {@code labels} to count classes; p = 0 gives all ones without drawing. */
    static float[] of(Supplier<LabelMap> labels, int k, double p) {
        float[] w = new float[k];
        java.util.Arrays.fill(w, 1f);
        if (p == 0) {
            return w;
        }
        long[] count = new long[k];
        long total = 0;
        for (int i = 0; i < SAMPLE_MAPS; i++) {
            LabelMap m = labels.get();
            for (int j = 0; j < m.size(); j++) {
                int id = m.at(j);
                if (id < k) {
                    count[id]++;
                    total++;
                }
            }
        }
        return fromCounts(count, total, p);
    }

    static float[] fromCounts(long[] count, long total, double p) {
        int k = count.length;
        double[] raw = new double[k];
        double mean = 0;
        for (int c = 0; c < k; c++) {
            // an absent class gets the weight of a class seen once
            double f = Math.max(count[c], 1) / (double) Math.max(total, 1);
            raw[c] = Math.pow(f, -p);
            mean += f * raw[c];
        }
        float[] w = new float[k];
        for (int c = 0; c < k; c++) {
            w[c] = (float) Math.min(8, Math.max(0.125, raw[c] / mean));
        }
        return w;
    }
}
