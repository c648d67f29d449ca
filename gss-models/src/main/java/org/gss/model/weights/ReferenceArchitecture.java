package org.gss.model.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gss.data.image.BadInputException;
import org.gss.model.backbone.ResNetV1c;
import org.gss.model.backbone.SwinTransformer;
import org.gss.model.mla.HeadSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network a reference state_dict describes, read from its keys and shapes alone: a ResNet v1c
 * (depth from the blocks per stage and the block type, stem and base widths), a Swin Transformer (patch,
 * embedding, depths, heads, window, MLP ratio) and/or the GSS generative head (widths, blocks, heads,
 * window, vocabulary, classes, and which backbone level each of its per-level convs reads).
 *
 * @param resnet  the ResNet backbone, if the state dict has one
 * @param swin    the Swin backbone, if it has one
 * @param head    the head, if it has one (grid stride taken from the backbone levels when known)
 * @param inIndex per reference head conv j, the backbone level (finest first) it reads: mmseg's
 *                {@code in_index}, recovered from the input channels
 */
public record ReferenceArchitecture(Optional<ResNetV1c.Spec> resnet, Optional<SwinTransformer.Spec> swin,
        Optional<HeadSpec> head, int[] inIndex) {

    /** The reference head resizes every level to the level read by its conv {@value} (indice_channel_index). */
    public static final int GRID_CONV = 1;

    private static final Pattern RESNET_BLOCK = Pattern.compile("layer([1-4])\\.(\\d+)\\.conv1\\.weight");
    private static final Pattern SWIN_BLOCK = Pattern.compile("stages\\.(\\d+)\\.blocks\\.(\\d+)\\.norm1\\.weight");
    private static final Pattern HEAD_CONV = Pattern.compile("convs\\.(\\d+)\\.conv\\.weight");
    private static final Pattern HEAD_BLOCK = Pattern.compile("transformer_block\\.blocks\\.(\\d+)\\.norm1\\.weight");

    public ReferenceArchitecture {
        inIndex = inIndex.clone();
    }

    public boolean hasBackbone() {
        return resnet.isPresent() || swin.isPresent();
    }

    /** Channels and strides of the backbone levels, finest first. */
    public List<int[]> levels() {
        List<int[]> out = new ArrayList<>();
        if (resnet.isPresent()) {
            ResNetV1c.Spec r = resnet.get();
            int[] strides = {4, 8, 8, 8};
            for (int i = 0; i < 4; i++) {
                out.add(new int[] {(r.baseWidth() << i) * (r.bottleneck() ? 4 : 1), strides[i]});
            }
        } else if (swin.isPresent()) {
            SwinTransformer.Spec s = swin.get();
            for (int i = 0; i < s.depths().length; i++) {
                out.add(new int[] {s.channels(i), s.patch() << i});
            }
        }
        return out;
    }

    /**
     * Infers the architecture of {@code sd} (keys without the {@code backbone.}/{@code decode_head.}
     * prefixes: see {@link StateDict}). {@code headLevels} gives channels and strides of the head's inputs
     * when there is no backbone (null otherwise).
     */
    public static ReferenceArchitecture infer(StateDict sd, List<int[]> headLevels) {
        Optional<ResNetV1c.Spec> resnet = sd.backbone().containsKey("stem.0.weight")
                ? Optional.of(resnet(sd.backbone(), sd.source())) : Optional.empty();
        Optional<SwinTransformer.Spec> swin = sd.backbone().containsKey("patch_embed.projection.weight")
                ? Optional.of(swin(sd.backbone(), sd.source())) : Optional.empty();
        if (resnet.isPresent() && swin.isPresent()) {
            throw new BadInputException(sd.source(), "holds both a ResNet and a Swin backbone");
        }
        if (!sd.backbone().isEmpty() && resnet.isEmpty() && swin.isEmpty()) {
            throw new BadInputException(sd.source(), "backbone weights are neither ResNet v1c (stem.0.weight) nor Swin"
                    + " (patch_embed.projection.weight); keys start " + firstKeys(sd.backbone()));
        }
        ReferenceArchitecture partial = new ReferenceArchitecture(resnet, swin, Optional.empty(), new int[0]);
        if (sd.head().isEmpty()) {
            return partial;
        }
        List<int[]> levels = partial.hasBackbone() ? partial.levels() : headLevels;
        if (levels == null || levels.isEmpty()) {
            throw new BadInputException(sd.source(), "has a head but no backbone: give the head's input features");
        }
        Map<String, INDArray> h = sd.head();
        String src = sd.source();
        int n = countIndices(h, HEAD_CONV, src, "decode_head.convs");
        int[] inIndex = new int[n];
        for (int j = 0; j < n; j++) {
            long cin = shape(h, "convs." + j + ".conv.weight", src)[1];
            inIndex[j] = -1;
            for (int i = 0; i < levels.size(); i++) {
                if (levels.get(i)[0] == cin) {
                    if (inIndex[j] >= 0) {
                        throw new BadInputException(src, "head conv convs." + j + " reads " + cin
                                + " channels, which two backbone levels have");
                    }
                    inIndex[j] = i;
                }
            }
            if (inIndex[j] < 0) {
                throw new BadInputException(src, "head conv convs." + j + " reads " + cin
                        + " channels, no backbone level has that many (levels: " + channelsOf(levels) + ")");
            }
        }
        if (n != levels.size() || Arrays.stream(inIndex).distinct().count() != n) {
            throw new BadInputException(src, "the head's " + n + " per-level convs do not read each of the "
                    + levels.size() + " backbone levels once (in_index " + Arrays.toString(inIndex) + ")");
        }
        int depth = countIndices(h, HEAD_BLOCK, src, "decode_head.transformer_block.blocks");
        long[] table = shape(h, "transformer_block.blocks.0.attn.w_msa.relative_position_bias_table", src);
        int mla = (int) shape(h, "fusion_conv.conv.weight", src)[0];
        HeadSpec head = new HeadSpec((int) shape(h, "convs.0.conv.weight", src)[0], mla, depth, (int) table[1],
                windowOf(table[0], src), (int) shape(h, "transformer_block.blocks.0.ffn.layers.0.0.weight", src)[0],
                (int) shape(h, "conv_before_seg.conv.weight", src)[0], (int) shape(h, "conv_seg.weight", src)[0],
                (int) shape(h, "conv_seg_pixel.weight", src)[0], levels.get(inIndex[GRID_CONV])[1], 0.1, 0.8, 0.2);
        return new ReferenceArchitecture(resnet, swin, Optional.of(head), inIndex);
    }

    private static ResNetV1c.Spec resnet(Map<String, INDArray> b, String src) {
        int[] blocks = new int[4];
        for (String k : b.keySet()) {
            Matcher m = RESNET_BLOCK.matcher(k);
            if (m.matches()) {
                int stage = Integer.parseInt(m.group(1)) - 1;
                blocks[stage] = Math.max(blocks[stage], Integer.parseInt(m.group(2)) + 1);
            }
        }
        boolean bottleneck = b.containsKey("layer1.0.conv3.weight");
        int depth = depthOf(blocks, bottleneck);
        if (depth < 0) {
            throw new BadInputException(src, "ResNet with " + Arrays.toString(blocks) + " " + (bottleneck
                    ? "bottleneck" : "basic") + " blocks per stage is none of ResNet-18/34/50/101/152");
        }
        int stem = (int) shape(b, "stem.6.weight", src)[0];
        int base = (int) shape(b, "layer1.0.conv1.weight", src)[0];
        return new ResNetV1c.Spec(depth, stem, base, true);
    }

    static int depthOf(int[] blocks, boolean bottleneck) {
        for (int d : new int[] {18, 34, 50, 101, 152}) {
            if ((d >= 50) == bottleneck && Arrays.equals(new ResNetV1c.Spec(d, 2, 1, true).blocksPerStage(), blocks)) {
                return d;
            }
        }
        return -1;
    }

    private static SwinTransformer.Spec swin(Map<String, INDArray> b, String src) {
        long[] proj = shape(b, "patch_embed.projection.weight", src);
        int stages = 0;
        for (String k : b.keySet()) {
            Matcher m = SWIN_BLOCK.matcher(k);
            if (m.matches()) {
                stages = Math.max(stages, Integer.parseInt(m.group(1)) + 1);
            }
        }
        int[] depths = new int[stages];
        int[] heads = new int[stages];
        int window = -1;
        for (String k : b.keySet()) {
            Matcher m = SWIN_BLOCK.matcher(k);
            if (m.matches()) {
                int s = Integer.parseInt(m.group(1));
                depths[s] = Math.max(depths[s], Integer.parseInt(m.group(2)) + 1);
            }
        }
        for (int s = 0; s < stages; s++) {
            long[] t = shape(b, "stages." + s + ".blocks.0.attn.w_msa.relative_position_bias_table", src);
            heads[s] = (int) t[1];
            int w = windowOf(t[0], src);
            if (window >= 0 && w != window) {
                throw new BadInputException(src, "Swin stages use different windows (" + window + ", " + w + ")");
            }
            window = w;
        }
        int embed = (int) proj[0];
        int ffn = (int) shape(b, "stages.0.blocks.0.ffn.layers.0.0.weight", src)[0];
        if (stages == 0 || ffn % embed != 0) {
            throw new BadInputException(src, "cannot read the Swin stages (blocks " + Arrays.toString(depths) + ")");
        }
        return new SwinTransformer.Spec((int) proj[2], embed, depths, heads, window, ffn / embed);
    }

    private static int windowOf(long tableRows, String src) {
        int side = (int) Math.round(Math.sqrt(tableRows));
        if (side * side != tableRows || side % 2 == 0) {
            throw new BadInputException(src, "relative position bias table with " + tableRows
                    + " rows is not (2w-1)^2 for a window w");
        }
        return (side + 1) / 2;
    }

    private static int countIndices(Map<String, INDArray> m, Pattern p, String src, String what) {
        TreeSet<Integer> seen = new TreeSet<>();
        for (String k : m.keySet()) {
            Matcher x = p.matcher(k);
            if (x.matches()) {
                seen.add(Integer.parseInt(x.group(1)));
            }
        }
        if (seen.isEmpty() || seen.last() != seen.size() - 1) {
            throw new BadInputException(src, "cannot count " + what + ".* (indices " + seen + ")");
        }
        return seen.size();
    }

    static long[] shape(Map<String, INDArray> m, String key, String src) {
        INDArray a = m.get(key);
        if (a == null) {
            throw new BadInputException(src, "missing tensor '" + key + "'");
        }
        return a.shape();
    }

    private static String channelsOf(List<int[]> levels) {
        return levels.stream().map(l -> String.valueOf(l[0])).toList().toString();
    }

    private static String firstKeys(Map<String, INDArray> m) {
        return m.keySet().stream().limit(5).toList().toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReferenceArchitecture a && a.resnet.equals(resnet) && a.swin.equals(swin)
                && a.head.equals(head) && Arrays.equals(a.inIndex, inIndex);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(resnet, swin, head, Arrays.hashCode(inIndex));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        resnet.ifPresent(r -> sb.append("ResNet-").append(r.depth()).append(" v1c (stem ").append(r.stemWidth())
                .append(", base ").append(r.baseWidth()).append(")"));
        swin.ifPresent(s -> sb.append(s));
        head.ifPresent(h -> sb.append(sb.length() > 0 ? " + " : "").append("GSS head ").append(h)
                .append(", in_index ").append(Arrays.toString(inIndex)));
        return sb.toString();
    }
}
