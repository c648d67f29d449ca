package org.gss.tokenizer.vq;

import org.gss.tokenizer.DvaeDecoder;
import org.gss.tokenizer.DvaeEncoder;

/**
 * Shape of the project's VQ maskige tokenizer: a DALL-E-style encoder to {@code embeddingDim}-dimensional vectors at
 * 1/8 resolution, a codebook of {@code codebookSize} such vectors, and a DALL-E-style decoder whose input is the code
 * vector of each token.
 *
 * @param hidden         DALL-E's n_hid: group widths are n, 2n, 4n, 8n (encoder) and 8n, 4n, 2n, n (decoder);
 *                       a multiple of 4 (the residual path is n_out/4 wide)
 * @param blocksPerGroup DALL-E's n_blk_per_group (4 groups)
 * @param codebookSize   K, the vocabulary of token ids
 * @param embeddingDim   D, the width of encoder outputs and code vectors
 */
public record VqConfig(int hidden, int blocksPerGroup, int codebookSize, int embeddingDim)
        implements java.io.Serializable {
    public static final int DOWNSAMPLE = 8;
    public static final int GROUPS = 4;

    public VqConfig {
        if (hidden < 4 || hidden % 4 != 0) {
            throw new IllegalArgumentException("hidden must be a positive multiple of 4, got " + hidden);
        }
        if (blocksPerGroup < 1 || codebookSize < 2 || embeddingDim < 1) {
            throw new IllegalArgumentException("blocks-per-group >= 1, codebook-size >= 2, embedding-dim >= 1: "
                    + this);
        }
    }

    /** Post-gain of every residual branch, 1/(number of blocks)² as in DALL-E. */
    public float postGain() {
        int n = GROUPS * blocksPerGroup;
        return (float) (1.0 / ((double) n * n));
    }

    /** Channels entering the decoder's first group: the 1×1 input conv lifts a code vector to 8n. */
    public int decoderInit() {
        return 8 * hidden;
    }

    /** The encoder as a {@link DvaeEncoder}: its "vocabulary" output is the D-dimensional pre-quantisation vector. */
    public DvaeEncoder.Config encoderConfig() {
        return new DvaeEncoder.Config(hidden, blocksPerGroup, 3, embeddingDim);
    }

    /**
     * The decoder as a {@link DvaeDecoder} for inference: the codebook is folded into its input conv (one row per
     * token) and the output has 3 extra zero channels where DALL-E keeps its log-scales.
     */
    public DvaeDecoder.Config decoderConfig() {
        return new DvaeDecoder.Config(decoderInit(), hidden, blocksPerGroup, 3, codebookSize);
    }

    /** Width of encoder group g (1-based): n, 2n, 4n, 8n. */
    int encoderWidth(int g) {
        return hidden << (g - 1);
    }

    /** Width of decoder group g (1-based): 8n, 4n, 2n, n. */
    int decoderWidth(int g) {
        return (8 * hidden) >> (g - 1);
    }
}
