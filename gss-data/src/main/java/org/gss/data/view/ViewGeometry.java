package org.gss.data.view;

import java.io.Serializable;

/**
 * Sizes of a view, as mmseg's {@code Resize(img_scale=(L, S), ratio_range, keep_ratio=True)} computes them: the image
 * is scaled by {@code ratio · min(L / long side, S / short side)}, rounded to whole pixels; then padded at the bottom
 * and right to a multiple of the token size (8) so that the token grid covers it exactly. The padding is unlabeled.
 *
 * @param baseLong  L of {@code base-size} (e.g. 2048)
 * @param baseShort S of {@code base-size} (e.g. 1024)
 * @param tokenSize pixels per token (8)
 */
public record ViewGeometry(int baseLong, int baseShort, int tokenSize) implements Serializable {
    public ViewGeometry {
        if (baseLong <= 0 || baseShort <= 0 || tokenSize <= 0) {
            throw new IllegalArgumentException("base size and token size must be positive");
        }
    }

    /** {width, height} after resizing an image of {@code w × h} for {@code view}. */
    public int[] resized(int w, int h, AugmentationView view) {
        double fit = Math.min((double) baseLong / Math.max(w, h), (double) baseShort / Math.min(w, h));
        double s = fit * view.ratio();
        return new int[] {Math.max(1, (int) Math.round(w * s)), Math.max(1, (int) Math.round(h * s))};
    }

    /** {width, height} of the padded view: {@link #resized} rounded up to multiples of the token size. */
    public int[] padded(int w, int h, AugmentationView view) {
        int[] r = resized(w, h, view);
        return new int[] {roundUp(r[0]), roundUp(r[1])};
    }

    /** {columns, rows} of the view's token grid. */
    public int[] tokenGrid(int w, int h, AugmentationView view) {
        int[] p = padded(w, h, view);
        return new int[] {p[0] / tokenSize, p[1] / tokenSize};
    }

    private int roundUp(int v) {
        return (v + tokenSize - 1) / tokenSize * tokenSize;
    }
}
