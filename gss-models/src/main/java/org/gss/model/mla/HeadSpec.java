package org.gss.model.mla;

/**
 * Sizes of the GSS generative head (the reference {@code GenerativeSegHeadFF}): both branches' per-level
 * 1×1 conv+BN+ReLU have {@code channels} outputs (the reference's {@code channels}); the token branch fuses
 * them to {@code mlaChannels} ({@code indice_seg_channel}), runs {@code mlaDepth} shifted-window blocks
 * ({@code swin_depth}, {@code swin_num_head}, {@code swin_window_size}, MLP width {@code ffn}), a
 * LayerNorm, a 1×1 conv+BN+ReLU to {@code hidden} ({@code indice_cls_channel}), dropout and the 1×1
 * vocabulary projection; the auxiliary branch fuses to {@code channels} and projects to {@code numClasses}.
 * Both run at the level of stride {@code gridStride} (8 in today's training; 4 in the paper and the
 * reference, which resizes every level to its stride-4 input).
 */
public record HeadSpec(int channels, int mlaChannels, int mlaDepth, int heads, int window, int ffn, int hidden,
        int vocab, int numClasses, int gridStride, double tokenDropout, double tokenWeight, double pixelWeight) {

    public HeadSpec {
        for (int v : new int[] {channels, mlaChannels, mlaDepth, heads, window, ffn, hidden, vocab, numClasses,
                gridStride}) {
            if (v < 1) {
                throw new IllegalArgumentException("head sizes must be >= 1: " + this);
            }
        }
        if (mlaChannels % heads != 0) {
            throw new IllegalArgumentException("head: channels " + mlaChannels + " not divisible by heads " + heads);
        }
        if (!(tokenDropout >= 0) || tokenDropout >= 1) {
            throw new IllegalArgumentException("token dropout must be in [0, 1), got " + tokenDropout);
        }
    }

    public HeadSpec withGridStride(int stride) {
        return new HeadSpec(channels, mlaChannels, mlaDepth, heads, window, ffn, hidden, vocab, numClasses, stride,
                tokenDropout, tokenWeight, pixelWeight);
    }
}
