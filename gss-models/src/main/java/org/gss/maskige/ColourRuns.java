package org.gss.maskige;

import org.gss.data.image.LabelMap;

/**
 * The per-pixel loop the colour-wise inverses share: decoded maskiges are mostly flat, so a class is computed once
 * per run of equal colours and reused along the run.
 */
final class ColourRuns {
    /** Class of one colour on the 0..255 scale; {@code pixel} and {@code width} only locate errors. */
    @FunctionalInterface
    interface ColourClassifier {
        int classify(float r, float g, float b, int pixel, int width);
    }

    private ColourRuns() {
    }

    /** Three H×W planes (r, g, b in 0..1) at {@code offset}, scaled by 255f in float32 as the reference does. */
    static LabelMap classify(float[] chw, int offset, int height, int width, ColourClassifier classifier) {
        int n = height * width;
        if (offset < 0 || offset + 3L * n > chw.length) {
            throw new IllegalArgumentException("maskige of " + width + "x" + height + " at offset " + offset
                    + " does not fit in an array of " + chw.length + " floats");
        }
        byte[] ids = new byte[n];
        float lastR = Float.NaN;
        float lastG = Float.NaN;
        float lastB = Float.NaN;
        int last = 0;
        for (int i = 0; i < n; i++) {
            float r = chw[offset + i] * 255f;
            float g = chw[offset + n + i] * 255f;
            float b = chw[offset + 2 * n + i] * 255f;
            if (r != lastR || g != lastG || b != lastB) { // NaN never compares equal, so the first pixel is computed
                last = classifier.classify(r, g, b, i, width);
                lastR = r;
                lastG = g;
                lastB = b;
            }
            ids[i] = (byte) last;
        }
        return new LabelMap(width, height, ids);
    }
}
