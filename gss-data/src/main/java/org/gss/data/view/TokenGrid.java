package org.gss.data.view;

import java.io.Serializable;
import org.gss.config.GssConfig;
import org.gss.config.Settings;

/**
 * The token grid: one token per {@code size × size} pixels. The one place the token size is defined; the backbone's
 * output stride, the tokenizers, crops, views and cached token maps all take it from here. Every tokenizer the project
 * uses today (DALL-E's dVAE and the own VQ tokenizer) and the ResNet v1c encoder work at 1/8, so {@link #DEFAULT} is
 * 8; a configurable grid (4 | 8) needs only a config read that returns another instance.
 *
 * @param size pixels per token along each axis
 */
public record TokenGrid(int size) implements Serializable {
    /** 1/8: DALL-E's dVAE, the own VQ tokenizer and the stride-8 encoder. */
    public static final TokenGrid DEFAULT = new TokenGrid(8);

    /**
     * The grid of a configuration. There is no key for it yet: every supported tokenizer and backbone works at 1/8.
     * Settings records take their grid from here, so making it configurable is a change to this method alone.
     */
    public static TokenGrid of(GssConfig cfg) {
        return DEFAULT;
    }

    public TokenGrid {
        if (size < 1) {
            throw new IllegalArgumentException("token size must be positive, got " + size);
        }
    }

    /** Whether {@code pixels} is a whole number of tokens. */
    public boolean aligned(int pixels) {
        return pixels % size == 0;
    }

    /** Tokens along a side of {@code pixels} (a multiple of the size). */
    public int cells(int pixels) {
        return pixels / size;
    }

    /** {@code pixels} rounded up to a whole number of tokens. */
    public int roundUp(int pixels) {
        return (pixels + size - 1) / size * size;
    }

    /** A crop side at {@code key}: at least one token, at most {@code max}, and a whole number of tokens. */
    public int readCrop(Settings s, String key, int max) {
        int crop = s.intIn(key, size, max);
        if (!aligned(crop)) {
            throw s.error(key, "must be a multiple of " + size + " (the token grid), got " + crop, null);
        }
        return crop;
    }

    /** A view geometry on this grid. */
    public ViewGeometry geometry(int baseLong, int baseShort) {
        return new ViewGeometry(baseLong, baseShort, size);
    }
}
