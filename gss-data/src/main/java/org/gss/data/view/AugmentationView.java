package org.gss.data.view;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One augmentation view of a sample: a resize ratio from a fixed set and a horizontal flip. Training draws views from
 * the same set the token cache precomputed, so a cached token map exists for every view training can ask for.
 *
 * @param ratio mmseg's resize ratio: the image is first fitted into {@code base-size} keeping its aspect ratio
 *              ({@link ViewGeometry}), then scaled by this ratio
 */
public record AugmentationView(double ratio, boolean flip) implements Serializable {
    public AugmentationView {
        if (!(ratio > 0 && ratio <= 8)) {
            throw new IllegalArgumentException("view ratio must be in (0, 8], got " + ratio);
        }
    }

    /** Every ratio × {no flip, flip (when {@code flip})}, in a fixed order. */
    public static List<AugmentationView> grid(List<Double> ratios, boolean flip) {
        List<AugmentationView> views = new ArrayList<>();
        for (double r : ratios) {
            views.add(new AugmentationView(r, false));
            if (flip) {
                views.add(new AugmentationView(r, true));
            }
        }
        return List.copyOf(views);
    }

    /** Stable text id, e.g. {@code r1.25} or {@code r0.5-flip}: part of cache keys and file names. */
    public String id() {
        String r = String.format(Locale.ROOT, "%.4f", ratio).replaceAll("0+$", "").replaceAll("\\.$", "");
        return "r" + r + (flip ? "-flip" : "");
    }

    public static AugmentationView parse(String id) {
        boolean flip = id.endsWith("-flip");
        String r = flip ? id.substring(1, id.length() - 5) : id.substring(1);
        return new AugmentationView(Double.parseDouble(r), flip);
    }
}
