package org.gss.model.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.data.image.BadInputException;
import org.gss.model.layers.ChannelLayerNormLayer;
import org.gss.model.layers.PatchMergingLayer;
import org.gss.model.layers.SwinBlockLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Loads a reference state_dict ({@link StateDict}: mmseg / GSS PyTorch names) into a graph built by
 * {@link ReferenceGraph} or {@code GssEncoderModel}, strictly: every parameter of the loaded part must be
 * present with the right shape, and every tensor of the loaded part of the file must be used (an extra,
 * missing or mis-shaped tensor is an error naming it and both shapes). Buffers that the graph recomputes
 * ({@code num_batches_tracked}, Swin's {@code relative_position_index}, checked against ours) are accepted.
 *
 * <p>Conversions: BatchNorm running_var → DL4J's log10 of the standard deviation (½·log10 var; eps is
 * added at use, as in PyTorch); the head's fusion convs take their input-channel blocks in our level order
 * (the reference concatenates its per-level convs in {@code in_index} order).
 */
public final class ReferenceWeights {

    /** What a load did. */
    public record ImportReport(String source, int tensorsLoaded, long valuesLoaded, List<String> skipped) {
    }

    /** Which part of the file a load reads. */
    public enum Part { BACKBONE, ALL }

    private static final double MIN_VARIANCE = 1e-30;
    private static final Pattern LEVEL = Pattern.compile("(mla|aux)\\.level(\\d+)\\.(conv|bn)");
    private static final Pattern BLOCK = Pattern.compile("mla\\.block(\\d+)");

    private ReferenceWeights() {
    }

    public static ImportReport load(ComputationGraph graph, StateDict sd, ReferenceArchitecture arch, Part part) {
        Map<String, INDArray> backbone = sd.backbone();
        Map<String, INDArray> head = part == Part.ALL ? sd.head() : Map.of();
        TreeSet<String> unused = new TreeSet<>();
        backbone.keySet().forEach(k -> unused.add(sd.fileKey(false, k)));
        head.keySet().forEach(k -> unused.add(sd.fileKey(true, k)));
        int tensors = 0;
        long values = 0;
        for (Layer layer : graph.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (part != Part.ALL && !isBackbone(name)) {
                continue;
            }
            Optional<Target> t = target(name, arch);
            if (t.isEmpty()) {
                continue;
            }
            Map<String, INDArray> from = t.get().head() ? head : backbone;
            boolean inHead = t.get().head();
            for (Map.Entry<String, String> p : params(layer).entrySet()) {
                String key = t.get().module() + "." + p.getValue();
                INDArray dst = layer.getParam(p.getKey());
                INDArray src = from.get(key);
                if (src == null) {
                    throw new BadInputException(sd.source(), "missing tensor '" + sd.fileKey(inHead, key) + "' (the model needs "
                            + Arrays.toString(dst.shape()) + ")");
                }
                if (!sameShape(dst.shape(), src.shape())) {
                    throw new BadInputException(sd.source(), "tensor '" + sd.fileKey(inHead, key) + "' has shape "
                            + Arrays.toString(src.shape()) + ", the model needs " + Arrays.toString(dst.shape()));
                }
                INDArray value = src.castTo(dst.dataType()).reshape(dst.shape());
                if (p.getKey().equals("log10stdev")) {
                    value = Transforms.log(Transforms.max(value, MIN_VARIANCE, true), 10, false).muli(0.5);
                }
                if (t.get().fusionBlocks() > 0) {
                    value = levelOrder(value, arch.inIndex(), t.get().fusionBlocks());
                }
                dst.assign(value);
                unused.remove(sd.fileKey(inHead, key));
                tensors++;
                values += dst.length();
            }
            if (layer.conf().getLayer() instanceof SwinBlockLayer b) {
                String key = t.get().module() + ".attn.w_msa.relative_position_index";
                INDArray idx = from.get(key);
                if (idx != null) {
                    INDArray ours = Nd4j.createFromArray(SwinBlockLayer.relativePositionIndex(b.window()));
                    if (!sameShape(ours.shape(), idx.shape()) || !ours.castTo(idx.dataType()).equals(idx)) {
                        throw new BadInputException(sd.source(), "tensor '" + sd.fileKey(inHead, key) + "' differs from Swin's"
                                + " relative position index for window " + b.window());
                    }
                    unused.remove(sd.fileKey(inHead, key));
                }
            }
        }
        List<String> skipped = new ArrayList<>();
        for (String k : unused) {
            if (k.endsWith(".num_batches_tracked")) {
                skipped.add(k);
            }
        }
        unused.removeAll(skipped);
        if (!unused.isEmpty()) {
            throw new BadInputException(sd.source(), unused.size() + " tensor(s) the model has no place for: "
                    + describe(unused, sd, part));
        }
        sd.skipped().keySet().forEach(k -> skipped.add(sd.fileKey(true, k)));
        return new ImportReport(sd.source(), tensors, values, skipped);
    }

    /** A graph layer's reference module; fusionBlocks > 0 when its input channels come in level blocks. */
    private record Target(String module, boolean head, int fusionBlocks) {
    }

    /** Whether a graph layer belongs to the backbone (ResNet v1c or Swin; named as the reference modules). */
    static boolean isBackbone(String name) {
        return name.startsWith("stem.") || name.matches("layer[1-4]\\..*") || name.startsWith("patch_embed.")
                || name.startsWith("stages.") || name.matches("norm\\d+");
    }

    /**
     * The backbone's parameters under the reference names (the inverse of {@link #load}): what
     * {@code gss.model.pretrained} reads, e.g. to start another run from a trained backbone.
     */
    public static Map<String, INDArray> exportBackbone(ComputationGraph graph) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Layer layer : graph.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (!isBackbone(name)) {
                continue;
            }
            for (Map.Entry<String, String> p : params(layer).entrySet()) {
                INDArray v = layer.getParam(p.getKey()).dup();
                if (p.getKey().equals("log10stdev")) {
                    v = Transforms.pow(Nd4j.valueArrayOf(v.shape(), 10.0, v.dataType()), v.mul(2), false);
                }
                if (layer.conf().getLayer() instanceof BatchNormalization) {
                    v = v.reshape(v.length()); // DL4J keeps [1,C], PyTorch [C]
                }
                out.put(name + "." + p.getValue(), v);
            }
        }
        return out;
    }

    private static Optional<Target> target(String name, ReferenceArchitecture arch) {
        if (isBackbone(name)) {
            return Optional.of(new Target(name, false, 0));
        }
        Matcher m = LEVEL.matcher(name);
        if (m.matches()) {
            int level = Integer.parseInt(m.group(2));
            int j = indexOf(arch.inIndex(), level);
            String conv = m.group(1).equals("mla") ? "convs." : "convs_pixel.";
            return Optional.of(new Target(conv + j + "." + m.group(3), true, 0));
        }
        m = BLOCK.matcher(name);
        if (m.matches()) {
            return Optional.of(new Target("transformer_block.blocks." + m.group(1), true, 0));
        }
        int levels = arch.inIndex().length;
        return Optional.ofNullable(switch (name) {
            case "mla.fusion.conv" -> new Target("fusion_conv.conv", true, levels);
            case "mla.fusion.bn" -> new Target("fusion_conv.bn", true, 0);
            case "mla.norm" -> new Target("swin_ln", true, 0);
            case "head.hidden.conv" -> new Target("conv_before_seg.conv", true, 0);
            case "head.hidden.bn" -> new Target("conv_before_seg.bn", true, 0);
            case "head.cls" -> new Target("conv_seg", true, 0);
            case "aux.fusion.conv" -> new Target("fusion_conv_pixel.conv", true, levels);
            case "aux.fusion.bn" -> new Target("fusion_conv_pixel.bn", true, 0);
            case "aux.cls" -> new Target("conv_seg_pixel", true, 0);
            default -> null;
        });
    }

    private static int indexOf(int[] inIndex, int level) {
        for (int j = 0; j < inIndex.length; j++) {
            if (inIndex[j] == level) {
                return j;
            }
        }
        throw new IllegalArgumentException("no head conv reads level " + level + " (in_index "
                + Arrays.toString(inIndex) + ")");
    }

    /** Our parameter key → the reference tensor name under the module, by layer type. */
    private static Map<String, String> params(Layer layer) {
        Map<String, String> m = new LinkedHashMap<>();
        Object conf = layer.conf().getLayer();
        if (conf instanceof ConvolutionLayer c) {
            m.put("W", "weight");
            if (c.hasBias()) {
                m.put("b", "bias");
            }
        } else if (conf instanceof BatchNormalization) {
            m.put("gamma", "weight");
            m.put("beta", "bias");
            m.put("mean", "running_mean");
            m.put("log10stdev", "running_var");
        } else if (conf instanceof ChannelLayerNormLayer) {
            m.put(ChannelLayerNormLayer.WEIGHT, "weight");
            m.put(ChannelLayerNormLayer.BIAS, "bias");
        } else if (conf instanceof PatchMergingLayer) {
            m.put(PatchMergingLayer.NORM_W, "norm.weight");
            m.put(PatchMergingLayer.NORM_B, "norm.bias");
            m.put(PatchMergingLayer.REDUCTION_W, "reduction.weight");
        } else if (conf instanceof SwinBlockLayer) {
            m.put(SwinBlockLayer.NORM1_W, "norm1.weight");
            m.put(SwinBlockLayer.NORM1_B, "norm1.bias");
            m.put(SwinBlockLayer.QKV_W, "attn.w_msa.qkv.weight");
            m.put(SwinBlockLayer.QKV_B, "attn.w_msa.qkv.bias");
            m.put(SwinBlockLayer.TABLE, "attn.w_msa.relative_position_bias_table");
            m.put(SwinBlockLayer.PROJ_W, "attn.w_msa.proj.weight");
            m.put(SwinBlockLayer.PROJ_B, "attn.w_msa.proj.bias");
            m.put(SwinBlockLayer.NORM2_W, "norm2.weight");
            m.put(SwinBlockLayer.NORM2_B, "norm2.bias");
            m.put(SwinBlockLayer.FC1_W, "ffn.layers.0.0.weight");
            m.put(SwinBlockLayer.FC1_B, "ffn.layers.0.0.bias");
            m.put(SwinBlockLayer.FC2_W, "ffn.layers.1.weight");
            m.put(SwinBlockLayer.FC2_B, "ffn.layers.1.bias");
        }
        return m;
    }

    /** Reorders the input-channel blocks of a fusion conv weight [out, n·c, 1, 1]: our block i = reference block j with inIndex[j] = i. */
    static INDArray levelOrder(INDArray w, int[] inIndex, int blocks) {
        long c = w.size(1) / blocks;
        INDArray out = w.dup();
        for (int j = 0; j < blocks; j++) {
            int i = inIndex[j];
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(i * c, (i + 1) * c))
                    .assign(w.get(NDArrayIndex.all(), NDArrayIndex.interval(j * c, (j + 1) * c)));
        }
        return out;
    }

    /** Equal shapes, where vectors may come as [C] or [1,C]. */
    static boolean sameShape(long[] want, long[] have) {
        if (want.length == have.length) {
            return Arrays.equals(want, have);
        }
        return Arrays.equals(Arrays.stream(want).filter(d -> d != 1).toArray(),
                Arrays.stream(have).filter(d -> d != 1).toArray());
    }

    private static String describe(TreeSet<String> keys, StateDict sd, Part part) {
        Map<String, INDArray> byFileKey = new LinkedHashMap<>();
        sd.backbone().forEach((k, v) -> byFileKey.put(sd.fileKey(false, k), v));
        if (part == Part.ALL) {
            sd.head().forEach((k, v) -> byFileKey.put(sd.fileKey(true, k), v));
        }
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (out.size() == 10) {
                out.add("… (" + (keys.size() - 10) + " more)");
                break;
            }
            out.add(k + " " + Arrays.toString(byFileKey.get(k).shape()));
        }
        return String.join(", ", out);
    }
}
