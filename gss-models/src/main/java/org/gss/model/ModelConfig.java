package org.gss.model;

import org.gss.data.view.TokenGrid;

/**
 * Every size of the Stage II image encoder ψ (backbone, Multi-Level Aggregation, token head and
 * auxiliary pixel head). The keys mirror {@code gss.model} in gss-models' reference.conf.
 *
 * @param depth            ResNet v1c depth: 18 or 34 (basic blocks), 50, 101 or 152 (bottlenecks)
 * @param baseWidth        channels of the first stage (64 = the real ResNets); the deep stem has
 *                         baseWidth/2, baseWidth/2, baseWidth channels
 * @param contractDilation mmseg's {@code contract_dilation}: the first block of a dilated stage uses
 *                         half the dilation (the reference R101 config sets it)
 * @param mlaChannels      channels of the fused map and of the transformer (the reference's
 *                         {@code indice_seg_channel}, 512)
 * @param mlaDepth         shifted-window transformer blocks D (6 for ResNet)
 * @param window           attention window w (7)
 * @param heads            attention heads (16)
 * @param ffn              transformer MLP width (1024)
 * @param hidden           width of the 1×1 conv (+BN+ReLU) before the vocabulary projection (2048)
 * @param vocab            token vocabulary V (8192 for DALL-E's dVAE)
 * @param auxChannels      the reference head's {@code channels} (384): the per-level 1×1 convs of both
 *                         branches (MLA and auxiliary) and the auxiliary fusion
 * @param numClasses       K classes of the auxiliary pixel head
 * @param tokenWeight      weight of the token cross-entropy (0.8)
 * @param pixelWeight      weight of the auxiliary pixel cross-entropy (0.2)
 * @param tokenDropout     channel dropout before the vocabulary projection (mmseg's
 *                         {@code dropout_ratio}, 0.1); 0 disables it
 * @param crop             training crop side in pixels (a multiple of 8); sets the configuration's
 *                         input type, the network itself runs on any size
 * @param seed             seed of the parameter initialisation
 * @param swin             the Swin backbone ({@code gss.model.backbone = swin-l}), or null for ResNet v1c
 *                         ({@code depth}, {@code baseWidth} and {@code contractDilation} then go unused)
 */
public record ModelConfig(int depth, int baseWidth, boolean contractDilation, int mlaChannels, int mlaDepth,
        int window, int heads, int ffn, int hidden, int vocab, int auxChannels, int numClasses,
        double tokenWeight, double pixelWeight, double tokenDropout, int crop, long seed,
        org.gss.model.backbone.SwinTransformer.Spec swin) implements java.io.Serializable {

    public ModelConfig {
        if (!Backbones.resnetDepth(depth)) {
            throw new IllegalArgumentException("model.depth must be one of " + Backbones.resnetDepths() + ", got "
                    + depth);
        }
        if (baseWidth < 2 || baseWidth % 2 != 0) {
            throw new IllegalArgumentException("model.base-width must be an even number >= 2, got " + baseWidth);
        }
        positive("mla.channels", mlaChannels);
        positive("mla.depth", mlaDepth);
        positive("mla.window", window);
        positive("mla.heads", heads);
        positive("mla.ffn", ffn);
        positive("mla.hidden", hidden);
        positive("vocab", vocab);
        positive("aux-head.channels", auxChannels);
        positive("classes", numClasses);
        if (mlaChannels % heads != 0) {
            throw new IllegalArgumentException("mla.channels " + mlaChannels + " is not divisible by mla.heads "
                    + heads);
        }
        if (!(tokenWeight >= 0) || !(pixelWeight >= 0)) {
            throw new IllegalArgumentException("loss weights must be >= 0, got " + tokenWeight + " / "
                    + pixelWeight);
        }
        if (!(tokenDropout >= 0) || tokenDropout >= 1) {
            throw new IllegalArgumentException("token dropout must be in [0, 1), got " + tokenDropout);
        }
        if (crop < TokenGrid.DEFAULT.size() || !TokenGrid.DEFAULT.aligned(crop)) {
            throw new IllegalArgumentException("crop must be a positive multiple of " + TokenGrid.DEFAULT.size()
                    + ", got " + crop);
        }
        if (swin != null && crop % coarsestStride(swin) != 0) {
            throw new IllegalArgumentException("with a Swin backbone the crop must be a multiple of "
                    + coarsestStride(swin) + " (its coarsest level), got " + crop);
        }
    }

    /** A ResNet v1c encoder (no Swin backbone). */
    public ModelConfig(int depth, int baseWidth, boolean contractDilation, int mlaChannels, int mlaDepth,
            int window, int heads, int ffn, int hidden, int vocab, int auxChannels, int numClasses,
            double tokenWeight, double pixelWeight, double tokenDropout, int crop, long seed) {
        this(depth, baseWidth, contractDilation, mlaChannels, mlaDepth, window, heads, ffn, hidden, vocab,
                auxChannels, numClasses, tokenWeight, pixelWeight, tokenDropout, crop, seed, null);
    }

    private static int coarsestStride(org.gss.model.backbone.SwinTransformer.Spec s) {
        return s.patch() << (s.depths().length - 1);
    }

    /** The same encoder on a Swin backbone. */
    public ModelConfig withSwin(org.gss.model.backbone.SwinTransformer.Spec s) {
        return new ModelConfig(depth, baseWidth, contractDilation, mlaChannels, mlaDepth, window, heads, ffn,
                hidden, vocab, auxChannels, numClasses, tokenWeight, pixelWeight, tokenDropout, crop, seed, s);
    }

    /** The backbone's name as {@code gss.model.backbone} spells it. */
    public String backboneName() {
        return swin == null ? "resnet" : "swin-l";
    }

    private static void positive(String key, int v) {
        if (v < 1) {
            throw new IllegalArgumentException("model." + key + " must be >= 1, got " + v);
        }
    }

    /** The paper's ResNet-101 encoder for Cityscapes (768² crops, 19 classes, DALL-E vocabulary). */
    public static ModelConfig paper() {
        return new ModelConfig(101, 64, true, 512, 6, 7, 16, 1024, 2048, 8192, 384, 19, 0.8, 0.2, 0.1, 768, 0);
    }

    /**
     * A miniature with the same structure for CPU tests: ResNet-18 v1c at base width 8, two Swin
     * blocks (unshifted + shifted) with window 4 on a 6×6 token grid (so padding and the shift mask
     * are exercised), V=16, K=4, 48² crops.
     */
    public static ModelConfig tiny() {
        return new ModelConfig(18, 8, true, 16, 2, 4, 2, 32, 32, 16, 8, 4, 0.8, 0.2, 0.0, 48, 42);
    }

    public ModelConfig withVocab(int v) {
        return new ModelConfig(depth, baseWidth, contractDilation, mlaChannels, mlaDepth, window, heads, ffn,
                hidden, v, auxChannels, numClasses, tokenWeight, pixelWeight, tokenDropout, crop, seed, swin);
    }

    public ModelConfig withClasses(int k) {
        return new ModelConfig(depth, baseWidth, contractDilation, mlaChannels, mlaDepth, window, heads, ffn,
                hidden, vocab, auxChannels, k, tokenWeight, pixelWeight, tokenDropout, crop, seed, swin);
    }

    public ModelConfig withCrop(int c) {
        return new ModelConfig(depth, baseWidth, contractDilation, mlaChannels, mlaDepth, window, heads, ffn,
                hidden, vocab, auxChannels, numClasses, tokenWeight, pixelWeight, tokenDropout, c, seed, swin);
    }

    /** The token grid, which is also the output stride of the backbone (tokens at 1/8 of the image). */
    public TokenGrid grid() {
        return TokenGrid.DEFAULT;
    }

    /** Side of the token grid of a crop. */
    public int tokenGrid() {
        return grid().cells(crop);
    }

    public boolean bottleneck() {
        return depth >= 50;
    }

    /** Residual blocks per stage. */
    public int[] blocksPerStage() {
        return Backbones.resnetBlocks(depth);
    }

    /** The ResNet v1c backbone of this model: stem as wide as the first stage, as in the real ResNets. */
    public org.gss.model.backbone.ResNetV1c.Spec resnet() {
        return new org.gss.model.backbone.ResNetV1c.Spec(depth(), baseWidth(), baseWidth(), contractDilation());
    }

    /** The generative head of this model: aux-head channels are the per-level width, at the model's token grid. */
    public org.gss.model.mla.HeadSpec head() {
        return new org.gss.model.mla.HeadSpec(auxChannels(), mlaChannels(), mlaDepth(), heads(), window(), ffn(),
                hidden(), vocab(), numClasses(), grid().size(), tokenDropout(), tokenWeight(), pixelWeight());
    }
}
