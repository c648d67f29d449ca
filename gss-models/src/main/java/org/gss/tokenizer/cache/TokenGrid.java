package org.gss.tokenizer.cache;

import java.util.Objects;

/**
 * A cached token map of one view and its per-token label coverage, both row-major {@code height × width} (token
 * units: one token per 8×8 pixels). Coverage codes are those of {@link org.gss.data.view.TokenCoverage}: 0 labeled,
 * 1 partly, 2 unlabeled (training masks 2 out of the token loss).
 */
public record TokenGrid(int width, int height, int[] tokens, byte[] coverage) {
    public TokenGrid {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(coverage, "coverage");
        if (width <= 0 || height <= 0 || tokens.length != width * height || coverage.length != width * height) {
            throw new IllegalArgumentException("token grid " + width + "x" + height + " with " + tokens.length
                    + " tokens and " + coverage.length + " coverage codes");
        }
    }

    public int token(int x, int y) {
        return tokens[y * width + x];
    }

    public int coverage(int x, int y) {
        return coverage[y * width + x];
    }

    /**
     * The tokens of a crop aligned to the token grid: pixel crop (8·x0, 8·y0, 8·w, 8·h) of the view. Training crops
     * of the cached map this way instead of encoding the cropped maskige (see docs/token-cache.md for how often the two
     * differ).
     */
    public TokenGrid crop(int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > width || y0 + h > height) {
            throw new IllegalArgumentException("token crop " + w + "x" + h + "+" + x0 + "+" + y0 + " outside " + width
                    + "x" + height);
        }
        int[] t = new int[w * h];
        byte[] c = new byte[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(tokens, (y0 + y) * width + x0, t, y * w, w);
            System.arraycopy(coverage, (y0 + y) * width + x0, c, y * w, w);
        }
        return new TokenGrid(w, h, t, c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenGrid g && g.width == width && g.height == height
                && java.util.Arrays.equals(g.tokens, tokens) && java.util.Arrays.equals(g.coverage, coverage);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + java.util.Arrays.hashCode(tokens);
    }

    @Override
    public String toString() {
        return "TokenGrid[" + width + "x" + height + "]";
    }
}
