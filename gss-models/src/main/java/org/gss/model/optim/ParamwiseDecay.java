package org.gss.model.optim;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.gss.model.layers.GssBatchNormalization;
import org.gss.model.layers.GssSameDiffLayer;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * Which parameters AdamW decays, as mmcv's {@code paramwise_cfg.custom_keys}: every trained parameter gets the
 * weight decay times the {@code decay_mult} of the first key its reference name contains (keys tried longest first,
 * then alphabetically), or times 1 when none does. The reference configs use {@code norm}, {@code
 * relative_position_bias_table} and {@code absolute_pos_embed} with multiplier 0: LayerNorms and position tables are
 * not decayed; everything else is, ResNet's {@code bn*} and the head's ConvModule {@code bn} affine parameters and
 * all biases included. Names are the reference state_dict's ({@link ReferenceNames}).
 *
 * @param decayMult key (a substring of parameter names) → multiplier of the weight decay (≥ 0)
 */
public record ParamwiseDecay(Map<String, Double> decayMult) implements Serializable {

    public ParamwiseDecay {
        for (Map.Entry<String, Double> e : decayMult.entrySet()) {
            if (e.getKey().isEmpty() || !(e.getValue() >= 0)) {
                throw new IllegalArgumentException("paramwise decay: key '" + e.getKey() + "' needs a non-empty name"
                        + " and a multiplier >= 0, got " + e.getValue());
            }
        }
        decayMult = Map.copyOf(new TreeMap<>(decayMult));
    }

    /** The reference configs' custom_keys. */
    public static ParamwiseDecay reference() {
        return new ParamwiseDecay(Map.of("norm", 0.0, "relative_position_bias_table", 0.0, "absolute_pos_embed", 0.0));
    }

    /** The multiplier for a parameter named {@code name}. */
    public double multiplier(String name) {
        List<String> keys = new ArrayList<>(decayMult.keySet());
        keys.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        for (String k : keys) {
            if (name.contains(k)) {
                return decayMult.get(k);
            }
        }
        return 1.0;
    }

    /**
     * Sets every layer's decoupled decay (WeightDecay(wd·mult, applyLR): AdamW) by these rules; returns the decay
     * coefficient of every trained parameter by reference name, in graph order.
     */
    public Map<String, Double> apply(ComputationGraphConfiguration conf, double weightDecay) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            String vertex = e.getKey();
            GraphVertex v = e.getValue();
            if (!(v instanceof LayerVertex lv)) {
                continue;
            }
            Layer layer = lv.getLayerConf().getLayer();
            List<String> params = layer.initializer().paramKeys(layer);
            Map<String, Double> coefficient = new LinkedHashMap<>();
            for (String p : params) {
                if (layer instanceof BatchNormalization && !p.equals("gamma") && !p.equals("beta")) {
                    continue; // running statistics
                }
                double c = weightDecay * multiplier(ReferenceNames.of(vertex, layer, p));
                coefficient.put(p, c);
                out.put(ReferenceNames.of(vertex, layer, p), c);
            }
            if (!coefficient.isEmpty()) {
                set(vertex, layer, coefficient);
            }
        }
        return out;
    }

    private static void set(String vertex, Layer layer, Map<String, Double> c) {
        if (layer instanceof GssSameDiffLayer sd) {
            sd.setParamDecay(c);
        } else if (layer instanceof GssBatchNormalization bn) {
            bn.setRegularization(decay(c.get("gamma")));
            bn.setRegularizationBias(decay(c.get("beta")));
        } else if (layer instanceof BatchNormalization) {
            throw new IllegalArgumentException("BatchNorm '" + vertex + "' is DL4J's own, which cannot be decayed:"
                    + " build it with StandardLayers.batchNorm");
        } else if (layer instanceof BaseLayer base
                && c.keySet().stream().allMatch(p -> p.equals("W") || p.equals("b"))) {
            base.setRegularization(decay(c.get("W")));
            base.setRegularizationBias(decay(c.get("b")));
        } else {
            throw new IllegalArgumentException("cannot set per-parameter weight decay on '" + vertex + "' ("
                    + layer.getClass().getSimpleName() + ", parameters " + c.keySet() + ")");
        }
    }

    private static List<Regularization> decay(Double coefficient) {
        return coefficient == null || coefficient == 0 ? List.of() : List.of(new WeightDecay(coefficient, true));
    }
}
