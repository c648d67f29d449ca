package org.gss.model.layers;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Base of the project's SameDiff layers: runs on {@link HalvedGradientSameDiffLayer} (correct
 * gradients, any input size) and applies weight decay only to the parameters named by
 * {@link #decayedParams()} (AdamW practice: no decay on biases, norms or position tables).
 *
 * <p>Subclasses keep their settings in fields annotated with (ND4J-shaded) {@code @JsonProperty}
 * and have a no-argument constructor: DL4J serialises layer configurations to JSON through bean
 * properties only, so an unannotated private field would silently vanish on the way to a Spark
 * worker. {@link #settings()} feeds {@code equals}/{@code hashCode}, so a JSON round trip can be
 * checked for equality.
 */
public abstract class GssSameDiffLayer extends SameDiffLayer {

    /** Per-parameter decay coefficients; null = {@link #decayedParams()} with {@code regularization}. */
    @JsonProperty("paramDecay")
    private java.util.TreeMap<String, Double> paramDecay;

    protected GssSameDiffLayer() {
        // for JSON
    }

    /** Parameter keys that receive the layer's weight decay; all others get none. */
    public abstract Set<String> decayedParams();

    /** Sets the decoupled weight decay (or any regularization) of this layer's decayed parameters. */
    public GssSameDiffLayer withRegularization(List<Regularization> regularization) {
        setRegularization(regularization);
        setRegularizationBias(List.of());
        return this;
    }

    /**
     * Decoupled weight decay per parameter (AdamW: WeightDecay(coefficient, applyLR)), replacing
     * {@link #decayedParams()}; parameters not in the map, or with 0, get none. Set by
     * {@link org.gss.model.optim.ParamwiseDecay}.
     */
    public void setParamDecay(Map<String, Double> coefficients) {
        this.paramDecay = coefficients == null ? null : new java.util.TreeMap<>(coefficients);
    }

    public Map<String, Double> getParamDecay() {
        return paramDecay;
    }

    /** The parameter's name in the reference (PyTorch) module this layer mirrors, e.g. {@code norm1.weight}. */
    public String referenceParamName(String paramName) {
        return paramName;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        if (paramDecay != null) {
            Double c = paramDecay.get(paramName);
            return c == null || c == 0 ? List.of() : List.of(new WeightDecay(c, true));
        }
        if (regularization != null && decayedParams().contains(paramName)) {
            return regularization;
        }
        return List.of();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        HalvedGradientSameDiffLayer layer = new HalvedGradientSameDiffLayer(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setListeners(listeners);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }

    /** Fills {@code arr} with N(0, std²) samples clipped to ±2·std (the truncated normal of Swin/ViT init). */
    protected static void truncatedNormal(INDArray arr, double std) {
        INDArray r = Nd4j.randn(arr.dataType(), arr.shape()).muli(std);
        arr.assign(org.nd4j.linalg.ops.transforms.Transforms.min(
                org.nd4j.linalg.ops.transforms.Transforms.max(r, -2 * std, false), 2 * std, false));
    }

    /** The layer's own settings, compared by {@code equals} (JSON round trips are checked with it). */
    protected abstract Object[] settings();

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // sizes are fixed in the layer's settings; checkInput() validates them
    }

    /** The convolutional input type, checked for the expected channel count. */
    protected InputType.InputTypeConvolutional checkInput(InputType inputType, long expectedChannels) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " '" + getLayerName()
                    + "' needs convolutional input [mb,C,H,W], got " + inputType);
        }
        if (expectedChannels > 0 && c.getChannels() != expectedChannels) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " '" + getLayerName() + "' expects "
                    + expectedChannels + " channels, got " + c.getChannels());
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && super.equals(o)
                && java.util.Arrays.deepEquals(settings(), ((GssSameDiffLayer) o).settings());
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + java.util.Arrays.deepHashCode(settings());
    }
}
