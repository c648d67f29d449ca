package org.gss.bench.cost;

import org.gss.model.ModelConfig;

/**
 * The paper's encoder ({@link ModelConfig#paper()}: ResNet-101 v1c, MLA 512 with 6 Swin blocks, hidden 2048,
 * V 8192) with every width divided by {@code scale}: the same layers and depth, 1/scale of the channels. Attention
 * heads are divided too, so each head keeps 32 channels and the attention maps (heads × w² per token) shrink in
 * the same proportion as every other per-token width: the mix of activation kinds stays that of the paper's model.
 */
public final class PaperScale {
    private PaperScale() {
    }

    public static ModelConfig reduced(int scale) {
        ModelConfig p = ModelConfig.paper();
        if (scale < 1 || p.baseWidth() % (2 * scale) != 0 || p.heads() % scale != 0) {
            throw new IllegalArgumentException("width scale must divide the paper's widths (1, 2, 4, 8, 16), got "
                    + scale);
        }
        return new ModelConfig(p.depth(), p.baseWidth() / scale, p.contractDilation(), p.mlaChannels() / scale,
                p.mlaDepth(), p.window(), p.heads() / scale, p.ffn() / scale, p.hidden() / scale, p.vocab(),
                p.auxChannels() / scale, p.numClasses(), p.tokenWeight(), p.pixelWeight(), p.tokenDropout(),
                p.crop(), p.seed());
    }
}
