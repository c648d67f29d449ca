package org.gss.tokenizer;

/**
 * Deliberately wrong versions of the dVAE, used only by tests to show that the golden comparisons catch real
 * porting mistakes. Production code always builds {@link #REFERENCE}.
 */
enum DvaeVariant {
    /** The reference architecture. */
    REFERENCE,
    /** Every conv bias treated as zero; the decoder's input gather keeps its bias (the README §6 experiment). */
    IGNORE_CONV_BIAS,
    /** The decoder's input gather without its bias (w[:, token] only). */
    GATHER_WITHOUT_BIAS,
    /** The identity path sees relu(x) instead of the raw block input. */
    ID_PATH_AFTER_RELU,
    /** post_gain = 1/n_layers instead of 1/n_layers². */
    POST_GAIN_NOT_SQUARED,
    /** Kernels read as [out, in, kw, kh] (height and width swapped). */
    KERNEL_HW_SWAPPED,
    /** Average pooling instead of max pooling in the encoder. */
    AVG_POOL
}
