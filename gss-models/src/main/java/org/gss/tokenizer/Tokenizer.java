package org.gss.tokenizer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stage I of GSS: turns a maskige (label map painted with a palette) into a grid of discrete tokens and back.
 * Arrays are ND4J, NCHW like the reference.
 */
public interface Tokenizer {
    /** Number of distinct token ids; ids are in {@code [0, vocabularySize())}. */
    int vocabularySize();

    /** Pixels per token along each axis (8 for the DALL-E dVAE). */
    int downsampleFactor();

    /**
     * Tokens of maskiges.
     *
     * @param maskige float {@code [n, 3, H, W]} with values in [0, 1] (colour / 255); H and W multiples of
     *                {@link #downsampleFactor()}. Any pixel-range mapping the model needs is applied inside.
     * @return INT32 {@code [n, H/f, W/f]}
     */
    INDArray encode(INDArray maskige);

    /**
     * Decodes tokens back to maskiges.
     *
     * @param tokens integer {@code [n, h, w]} with ids in {@code [0, vocabularySize())}
     * @return float {@code [n, 3, h·f, w·f]} with values in [0, 1]
     */
    INDArray decodeRgb(INDArray tokens);
}
