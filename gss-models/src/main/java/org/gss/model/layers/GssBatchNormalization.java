package org.gss.model.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J's BatchNormalization with the two things the reference recipe needs and the stock layer cannot do:
 * <ul>
 *   <li>weight decay on its affine parameters (the stock layer returns no regularization for any parameter; the
 *       reference AdamW decays ResNet's {@code bn*} weights and biases, whose names do not contain "norm"):
 *       {@code regularization} applies to gamma, {@code regularizationBias} to beta;</li>
 *   <li>{@code frozenStatistics} (mmseg {@code norm_eval=True}): in training too it normalises with the running
 *       mean/variance and never updates them, while gamma and beta still learn
 *       ({@link FrozenStatisticsBatchNormLayer}).</li>
 * </ul>
 * Parameters and their names are the stock layer's, so weight import and checkpoints treat it as a BatchNorm.
 */
public class GssBatchNormalization extends BatchNormalization {

    @JsonProperty("frozenStatistics")
    private boolean frozenStatistics;

    public GssBatchNormalization() {
        // for JSON
    }

    /** This project's BatchNorm with the settings of a stock one (every configuration field copied). */
    public static GssBatchNormalization of(BatchNormalization stock) {
        GssBatchNormalization bn = new GssBatchNormalization();
        for (Class<?> c = BatchNormalization.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(bn, f.get(stock));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("cannot copy BatchNormalization." + f.getName(), e);
                }
            }
        }
        return bn;
    }

    public boolean isFrozenStatistics() {
        return frozenStatistics;
    }

    public void setFrozenStatistics(boolean frozenStatistics) {
        this.frozenStatistics = frozenStatistics;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        List<Regularization> r = switch (paramName) {
            case BatchNormalizationParamInitializer.GAMMA -> regularization;
            case BatchNormalizationParamInitializer.BETA -> regularizationBias;
            default -> null; // running statistics: not trained by gradient
        };
        return r == null ? List.of() : r;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
            INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        if (!frozenStatistics) {
            return super.instantiate(conf, listeners, layerIndex, layerParamsView, initializeParams, networkDataType);
        }
        LayerValidation.assertNOutSet("BatchNormalization", getLayerName(), layerIndex, getNOut());
        FrozenStatisticsBatchNormLayer layer = new FrozenStatisticsBatchNormLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public GssBatchNormalization clone() {
        return (GssBatchNormalization) super.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GssBatchNormalization other && super.equals(o)
                && frozenStatistics == other.frozenStatistics;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Boolean.hashCode(frozenStatistics);
    }
}
