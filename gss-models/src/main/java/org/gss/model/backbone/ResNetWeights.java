package org.gss.model.backbone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.data.image.BadInputException;
import org.gss.io.NumpyArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Imports ImageNet ResNet v1c weights into the backbone built by {@link ResNetV1c}, from an
 * {@code .npz} keyed by mmseg's state_dict names ({@code stem.0.weight},
 * {@code layer1.0.bn1.running_mean}, …; a {@code backbone.} prefix is accepted too). Convolutions
 * take {@code <module>.weight} (same [out,in,kh,kw] layout in both frameworks); BatchNorms take
 * weight→gamma, bias→beta, running_mean→mean and running_var→log10stdev = ½·log10(running_var)
 * (DL4J keeps log10 of the standard deviation and adds eps at use, as PyTorch does). Every backbone parameter must be
 * present with the right shape; keys the backbone does not use ({@code fc.*},
 * {@code num_batches_tracked}) are listed in the report and otherwise ignored.
 */
public final class ResNetWeights {

    /** What an import did. */
    public record ImportReport(String source, int tensorsLoaded, long valuesLoaded, List<String> unusedKeys) {
    }

    /** Floor for running variances before the logarithm (a zero variance would give −∞). */
    private static final double MIN_VARIANCE = 1e-30;

    private static final Map<String, String> BN_KEYS = new LinkedHashMap<>();

    static {
        BN_KEYS.put("gamma", "weight");
        BN_KEYS.put("beta", "bias");
        BN_KEYS.put("mean", "running_mean");
        BN_KEYS.put("log10stdev", "running_var");
    }

    private ResNetWeights() {
    }

    public static ImportReport load(ComputationGraph graph, Path npz) {
        return load(graph, NumpyArrays.readNpz(npz), npz.toString());
    }

    /** Loads from a state_dict already in memory; {@code source} names it in errors. */
    public static ImportReport load(ComputationGraph graph, Map<String, INDArray> stateDict, String source) {
        Map<String, INDArray> byName = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : stateDict.entrySet()) {
            String k = e.getKey().startsWith("backbone.") ? e.getKey().substring("backbone.".length()) : e.getKey();
            byName.put(k, e.getValue());
        }
        TreeSet<String> unused = new TreeSet<>(byName.keySet());
        int tensors = 0;
        long values = 0;
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (!isBackbone(name)) {
                continue;
            }
            Map<String, String> keys = new LinkedHashMap<>();
            if (layer.conf().getLayer() instanceof ConvolutionLayer conv) {
                keys.put("W", "weight");
                if (conv.hasBias()) {
                    keys.put("b", "bias");
                }
            } else if (layer.conf().getLayer() instanceof BatchNormalization) {
                keys.putAll(BN_KEYS);
            } else {
                continue;
            }
            for (Map.Entry<String, String> k : keys.entrySet()) {
                String key = name + "." + k.getValue();
                INDArray src = byName.get(key);
                if (src == null) {
                    throw new BadInputException(source, "missing backbone weight '" + key + "'");
                }
                INDArray dst = layer.getParam(k.getKey());
                long[] want = dst.shape();
                long[] have = src.shape();
                if (src.length() != dst.length() || !sameShape(want, have)) {
                    throw new BadInputException(source, "weight '" + key + "' has shape " + Arrays.toString(have)
                            + ", the backbone needs " + Arrays.toString(want));
                }
                INDArray value = src.reshape(want).castTo(dst.dataType());
                if (k.getKey().equals("log10stdev")) {
                    value = Transforms.log(Transforms.max(value, MIN_VARIANCE, true), 10, false).muli(0.5);
                }
                dst.assign(value);
                unused.remove(key);
                tensors++;
                values += dst.length();
            }
        }
        return new ImportReport(source, tensors, values, new ArrayList<>(unused));
    }

    static boolean isBackbone(String layerName) {
        return layerName.startsWith("stem.") || layerName.matches("layer[1-4]\\..*");
    }

    /** Equal shapes, where BN vectors may come as [C] or DL4J's [1,C]. */
    private static boolean sameShape(long[] want, long[] have) {
        return Arrays.equals(squeeze(want), squeeze(have));
    }

    private static long[] squeeze(long[] s) {
        return Arrays.stream(s).filter(d -> d != 1).toArray();
    }
}
