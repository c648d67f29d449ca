package org.gss.data.view;

import org.gss.data.image.LabelMap;

/**
 * Per token, how much of its {@code patch × patch} pixel block is labeled: {@link #LABELED} (every pixel),
 * {@link #PARTLY} (some unlabeled) or {@link #UNLABELED} (none labeled). Training masks {@link #UNLABELED} positions out
 * of the token loss (paper: token positions whose patch is entirely unlabeled are ignored); pseudo-label refresh
 * re-encodes samples that have any unlabeled pixel.
 */
public final class TokenCoverage {
    public static final byte LABELED = 0;
    public static final byte PARTLY = 1;
    public static final byte UNLABELED = 2;

    private TokenCoverage() {
    }

    /** Row-major {@code (h/patch) × (w/patch)} coverage codes; width and height must be multiples of {@code patch}. */
    public static byte[] of(LabelMap labels, int patch) {
        int w = labels.width();
        int h = labels.height();
        if (w % patch != 0 || h % patch != 0) {
            throw new IllegalArgumentException("label map " + w + "x" + h + " is not a multiple of the token size " + patch);
        }
        int gw = w / patch;
        int gh = h / patch;
        int[] unlabeled = new int[gw * gh];
        byte[] ids = labels.ids();
        for (int y = 0; y < h; y++) {
            int rowBase = (y / patch) * gw;
            for (int x = 0; x < w; x++) {
                if ((ids[y * w + x] & 0xFF) == LabelMap.IGNORE) {
                    unlabeled[rowBase + x / patch]++;
                }
            }
        }
        int full = patch * patch;
        byte[] out = new byte[gw * gh];
        for (int i = 0; i < out.length; i++) {
            out[i] = unlabeled[i] == 0 ? LABELED : unlabeled[i] == full ? UNLABELED : PARTLY;
        }
        return out;
    }
}
