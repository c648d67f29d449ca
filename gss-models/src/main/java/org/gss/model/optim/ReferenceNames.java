package org.gss.model.optim;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.gss.model.layers.GssSameDiffLayer;

/**
 * The name a parameter of our encoder has in the reference model's state_dict (mmseg {@code EncoderDecoder}):
 * {@code backbone.layer1.0.bn1.weight}, {@code decode_head.transformer_block.blocks.0.norm1.weight},
 * {@code decode_head.swin_ln.weight}, … The reference's optimiser rules match substrings of these names (mmcv
 * {@code paramwise_cfg.custom_keys}), so they must be matched against them, not against our vertex names: our
 * {@code mla.norm} is the reference's {@code swin_ln}, which "norm" does not match. Backbone vertices already carry
 * the reference names; the head's are mapped here (its per-level convs keep our level index).
 */
public final class ReferenceNames {
    private static final Pattern LEVEL = Pattern.compile("(mla|aux)\\.level(\\d+)\\.(conv|bn)");
    private static final Pattern BLOCK = Pattern.compile("mla\\.block(\\d+)");

    private ReferenceNames() {
    }

    /** The reference name of parameter {@code param} of the layer at vertex {@code vertex}. */
    public static String of(String vertex, Layer layer, String param) {
        return module(vertex) + "." + paramName(layer, param);
    }

    /** The reference module of a vertex: {@code backbone.<vertex>} or the head's module under {@code decode_head.}. */
    static String module(String vertex) {
        Matcher level = LEVEL.matcher(vertex);
        if (level.matches()) {
            return "decode_head." + (level.group(1).equals("mla") ? "convs." : "convs_pixel.") + level.group(2) + "."
                    + level.group(3);
        }
        Matcher block = BLOCK.matcher(vertex);
        if (block.matches()) {
            return "decode_head.transformer_block.blocks." + block.group(1);
        }
        String head = switch (vertex) {
            case "mla.fusion.conv" -> "fusion_conv.conv";
            case "mla.fusion.bn" -> "fusion_conv.bn";
            case "mla.norm" -> "swin_ln";
            case "head.hidden.conv" -> "conv_before_seg.conv";
            case "head.hidden.bn" -> "conv_before_seg.bn";
            case "head.cls" -> "conv_seg";
            case "aux.fusion.conv" -> "fusion_conv_pixel.conv";
            case "aux.fusion.bn" -> "fusion_conv_pixel.bn";
            case "aux.cls" -> "conv_seg_pixel";
            default -> null;
        };
        if (head != null) {
            return "decode_head." + head;
        }
        if (vertex.startsWith("mla.") || vertex.startsWith("head.") || vertex.startsWith("aux.")) {
            throw new IllegalArgumentException("no reference name for head vertex '" + vertex + "'");
        }
        return "backbone." + vertex;
    }

    /** PyTorch's parameter name: conv W/b → weight/bias, BatchNorm gamma/beta → weight/bias, SameDiff layers' own. */
    static String paramName(Layer layer, String param) {
        if (layer instanceof GssSameDiffLayer sd) {
            return sd.referenceParamName(param);
        }
        if (layer instanceof BatchNormalization) {
            return switch (param) {
                case "gamma" -> "weight";
                case "beta" -> "bias";
                case "mean" -> "running_mean";
                default -> "running_var";
            };
        }
        if (layer instanceof BaseLayer) {
            return switch (param) {
                case "W" -> "weight";
                case "b" -> "bias";
                default -> param;
            };
        }
        return param;
    }
}
