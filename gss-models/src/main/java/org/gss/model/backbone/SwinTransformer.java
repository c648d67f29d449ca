package org.gss.model.backbone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.gss.model.layers.ChannelLayerNormLayer;
import org.gss.model.layers.CornerPadLayer;
import org.gss.model.layers.PatchMergingLayer;
import org.gss.model.layers.SwinBlockLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Swin Transformer backbone as mmseg's {@code SwinTransformer} builds it for GSS's Swin-L config:
 * patch embedding (bottom/right zero padding to the patch size, k×k/k convolution with bias, LayerNorm),
 * four stages of shifted-window blocks (odd blocks shifted by w/2, MLP ratio 4, qkv bias, no absolute
 * position embedding) with patch merging between stages, and a LayerNorm on each stage's output. Levels
 * at strides patch·(1, 2, 4, 8) with embed·(1, 2, 4, 8) channels. Vertices are named after mmseg's
 * state_dict modules ({@code patch_embed.projection}, {@code stages.2.blocks.5}, {@code stages.0.downsample},
 * {@code norm3}).
 */
public final class SwinTransformer {

    /**
     * Sizes of a Swin variant.
     *
     * @param patch        patch size (4)
     * @param embed        channels of the first stage (Swin-L: 192)
     * @param depths       blocks per stage (Swin-L: 2, 2, 18, 2)
     * @param heads        attention heads per stage (Swin-L: 6, 12, 24, 48)
     * @param window       attention window (Swin-L at 384²: 12)
     * @param mlpRatio     MLP width over channels (4)
     */
    public record Spec(int patch, int embed, int[] depths, int[] heads, int window, int mlpRatio)
            implements java.io.Serializable {
        public Spec {
            if (depths.length != heads.length || depths.length < 1) {
                throw new IllegalArgumentException("Swin: depths " + Arrays.toString(depths) + " and heads "
                        + Arrays.toString(heads) + " need one entry per stage");
            }
            for (int i = 0; i < depths.length; i++) {
                int c = embed << i;
                if (depths[i] < 1 || heads[i] < 1 || c % heads[i] != 0) {
                    throw new IllegalArgumentException("Swin stage " + i + ": " + c + " channels, " + heads[i]
                            + " heads, " + depths[i] + " blocks");
                }
            }
            if (patch < 1 || window < 1 || mlpRatio < 1 || embed < 1) {
                throw new IllegalArgumentException("Swin: patch, window, MLP ratio and embed must be >= 1");
            }
            depths = depths.clone();
            heads = heads.clone();
        }

        /**
         * Swin-L of the paper (ImageNet-22K at 384², window 12). The reference trains it with stochastic
         * depth 0.3; our blocks have no drop path yet (an inference no-op; see docs/model.md).
         */
        public static Spec large() {
            return new Spec(4, 192, new int[] {2, 2, 18, 2}, new int[] {6, 12, 24, 48}, 12, 4);
        }

        public int channels(int stage) {
            return embed << stage;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Spec s && s.patch == patch && s.embed == embed && Arrays.equals(s.depths, depths)
                    && Arrays.equals(s.heads, heads) && s.window == window && s.mlpRatio == mlpRatio;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(new Object[] {patch, embed, Arrays.hashCode(depths), Arrays.hashCode(heads),
                    window, mlpRatio});
        }

        @Override
        public String toString() {
            return "Swin(patch " + patch + ", embed " + embed + ", depths " + Arrays.toString(depths) + ", heads "
                    + Arrays.toString(heads) + ", window " + window + ", mlp " + mlpRatio + ")";
        }
    }

    /** The patch embedding's output (after its LayerNorm), [mb, embed, H/patch, W/patch]. */
    public static final String PATCH_EMBED = "patch_embed.norm";

    private SwinTransformer() {
    }

    /** The reference backbone: the input is padded to the patch size only (mmseg's AdaptivePadding). */
    public static FeatureLevels addTo(GraphBuilder gb, String input, Spec spec, List<Regularization> wd) {
        return addTo(gb, input, spec, wd, false);
    }

    /**
     * As above; {@code padToCoarsest} pads the input (bottom/right zeros) to a multiple of the coarsest level's
     * stride instead, so that every level is an exact multiple of the next and the heads' fixed resize factors
     * meet at the grid level for any image size (the encoder's choice; identical to the reference whenever the
     * image is such a multiple, as training crops are).
     */
    public static FeatureLevels addTo(GraphBuilder gb, String input, Spec spec, List<Regularization> wd,
            boolean padToCoarsest) {
        int multiple = padToCoarsest ? spec.patch() << (spec.depths().length - 1) : spec.patch();
        gb.addLayer("patch_embed.pad", new CornerPadLayer(3, multiple), input);
        ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(spec.patch(), spec.patch()).nIn(3)
                .nOut(spec.embed()).stride(spec.patch(), spec.patch()).hasBias(true)
                .convolutionMode(ConvolutionMode.Truncate);
        conv.activation(Activation.IDENTITY);
        conv.weightInit(WeightInit.XAVIER);
        conv.regularization(wd);
        conv.regularizationBias(List.of());
        gb.addLayer("patch_embed.projection", conv.build(), "patch_embed.pad");
        gb.addLayer(PATCH_EMBED, new ChannelLayerNormLayer(spec.embed()), "patch_embed.projection");
        String x = PATCH_EMBED;
        List<String> names = new ArrayList<>();
        List<Integer> channels = new ArrayList<>();
        List<Integer> strides = new ArrayList<>();
        for (int stage = 0; stage < spec.depths().length; stage++) {
            int c = spec.channels(stage);
            for (int j = 0; j < spec.depths()[stage]; j++) {
                SwinBlockLayer b = new SwinBlockLayer(c, spec.heads()[stage], spec.window(), spec.mlpRatio() * c,
                        j % 2 == 1);
                b.withRegularization(wd);
                String name = "stages." + stage + ".blocks." + j;
                gb.addLayer(name, b, x);
                x = name;
            }
            gb.addLayer("norm" + stage, new ChannelLayerNormLayer(c), x);
            names.add("norm" + stage);
            channels.add(c);
            strides.add(spec.patch() << stage);
            if (stage + 1 < spec.depths().length) {
                PatchMergingLayer merge = new PatchMergingLayer(c, 2 * c);
                merge.withRegularization(wd);
                String name = "stages." + stage + ".downsample";
                gb.addLayer(name, merge, x);
                x = name;
            }
        }
        return new FeatureLevels(names, channels, strides);
    }
}
