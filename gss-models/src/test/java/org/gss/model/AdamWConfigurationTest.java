package org.gss.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.gss.model.optim.OptimConfig;
import org.gss.model.optim.ParamwiseDecay;
import org.gss.model.optim.ReferenceNames;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * The optimiser's scope, as the reference (mmcv paramwise_cfg custom_keys norm / relative_position_bias_table /
 * absolute_pos_embed, decay_mult 0): every trained parameter is listed by its reference name with the decay DL4J will
 * apply after a JSON round trip (as Spark ships the configuration). Decayed: all conv weights and biases, ResNet's
 * {@code bn1..3}, {@code stem.1/4/7} and {@code downsample.1} affine parameters, the head's ConvModule {@code bn}s,
 * the linear layers of the Swin blocks and the LayerNorm after them ({@code swin_ln}: "norm" is not in its name).
 * Not decayed: the Swin blocks' {@code norm1}/{@code norm2} and relative position tables. Adam with the warm-up/poly
 * schedule everywhere, and no global decay (which DL4J would apply twice).
 */
class AdamWConfigurationTest {

    /** Reference name → DL4J's regularization of every trained parameter of the tiny encoder, after JSON. */
    static Map<String, List<Regularization>> scope(OptimConfig optim) {
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(
                GssEncoderModel.configuration(ModelConfig.tiny(), optim, DataType.FLOAT).toJson());
        Map<String, List<Regularization>> out = new TreeMap<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv)) {
                continue;
            }
            Layer layer = lv.getLayerConf().getLayer();
            for (String param : layer.initializer().paramKeys(layer)) {
                if (param.equals("mean") || param.equals("log10stdev")) {
                    continue; // BN running statistics: not trained by gradient
                }
                List<Regularization> regs = layer.getRegularizationByParam(param);
                out.put(ReferenceNames.of(e.getKey(), layer, param), regs == null ? List.of() : regs);
                IUpdater u = layer.getUpdaterByParam(param);
                assertTrue(u instanceof Adam, e.getKey() + " " + param + " updater " + u);
                assertEquals(optim.schedule(), ((Adam) u).getLearningRateSchedule());
            }
        }
        assertTrue(conf.getDefaultConfiguration().getLayer() == null
                || ((BaseLayer) conf.getDefaultConfiguration().getLayer()).getRegularization().isEmpty());
        return out;
    }

    @Test
    void referenceScopeDecaysEverythingButNormsAndPositionTables() {
        Map<String, List<Regularization>> scope = scope(OptimConfig.cityscapes());
        List<String> notDecayed = new ArrayList<>();
        WeightDecay expected = new WeightDecay(0.01, true);
        for (Map.Entry<String, List<Regularization>> e : scope.entrySet()) {
            if (e.getValue().isEmpty()) {
                notDecayed.add(e.getKey());
            } else {
                assertEquals(List.of(expected), e.getValue(), e.getKey());
            }
        }
        List<String> expectedPlain = new ArrayList<>();
        for (int j = 0; j < 2; j++) {
            String b = "decode_head.transformer_block.blocks." + j + ".";
            expectedPlain.addAll(List.of(b + "attn.w_msa.relative_position_bias_table", b + "norm1.bias",
                    b + "norm1.weight", b + "norm2.bias", b + "norm2.weight"));
        }
        java.util.Collections.sort(expectedPlain);
        assertEquals(expectedPlain, notDecayed);
        for (String decayed : List.of("backbone.stem.0.weight", "backbone.stem.1.weight", "backbone.stem.1.bias",
                "backbone.layer1.0.bn1.weight", "backbone.layer1.0.bn2.bias", "backbone.layer2.0.downsample.1.weight",
                "decode_head.convs.0.bn.weight", "decode_head.fusion_conv_pixel.bn.bias", "decode_head.swin_ln.weight",
                "decode_head.swin_ln.bias", "decode_head.conv_seg.bias", "decode_head.conv_seg_pixel.weight",
                "decode_head.transformer_block.blocks.1.attn.w_msa.qkv.bias",
                "decode_head.transformer_block.blocks.0.ffn.layers.1.weight")) {
            assertEquals(List.of(expected), scope.get(decayed), decayed);
        }
        // every trained parameter is listed, and all but the ten above are decayed
        assertEquals(scope.size() - expectedPlain.size(), scope.values().stream().filter(r -> !r.isEmpty()).count());
        assertTrue(scope.size() > 100, "parameters " + scope.size());
    }

    @Test
    void rulesAreConfigurable() {
        // the project's earlier scope, approximately: nothing with "bias" or a BatchNorm name decayed
        ParamwiseDecay rules = new ParamwiseDecay(Map.of("norm", 0.0, "relative_position_bias_table", 0.0,
                "bias", 0.0, ".bn", 0.0, "stem.1.", 0.0, "stem.4.", 0.0, "stem.7.", 0.0, "downsample.1.", 0.0,
                "swin_ln", 0.5));
        Map<String, List<Regularization>> scope = scope(OptimConfig.cityscapes().withParamwise(rules));
        assertEquals(List.of(), scope.get("backbone.layer1.0.bn1.weight"));
        assertEquals(List.of(), scope.get("backbone.stem.1.weight"));
        assertEquals(List.of(), scope.get("decode_head.conv_seg.bias"));
        assertEquals(List.of(new WeightDecay(0.01, true)), scope.get("decode_head.conv_seg.weight"));
        assertEquals(List.of(new WeightDecay(0.005, true)), scope.get("decode_head.swin_ln.weight"));
        // mmcv order: longest key first, so "relative_position_bias_table" wins over "bias" (both 0 here), and a
        // name matching no key keeps the full decay
        assertEquals(0.0, rules.multiplier("attn.w_msa.relative_position_bias_table"));
        assertEquals(1.0, ParamwiseDecay.reference().multiplier("backbone.layer4.2.bn3.weight"));
        assertEquals(0.0, ParamwiseDecay.reference().multiplier("backbone.norm0.weight"));
        assertEquals(0.0, ParamwiseDecay.reference().multiplier("backbone.absolute_pos_embed"));
    }
}
