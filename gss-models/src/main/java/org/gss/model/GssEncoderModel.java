package org.gss.model;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.model.backbone.FeatureLevels;
import org.gss.model.backbone.ResNetV1c;
import org.gss.model.backbone.SwinTransformer;
import org.gss.model.layers.GssBatchNormalization;
import org.gss.model.mla.AuxPixelHead;
import org.gss.model.mla.MultiLevelAggregation;
import org.gss.model.mla.TokenHead;
import org.gss.model.optim.OptimConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The Stage II image encoder ψ with its auxiliary head as one DL4J {@code ComputationGraph}:
 * <pre>
 *   image [mb,3,H,W] → ResNet v1c (OS 8) or Swin → MLA → LN → 1×1+BN+ReLU (hidden) → 1×1 (V) → "tokens"  [mb,V,H/8,W/8]
 *                                       └→ aux fusion at 1/8 → 1×1 (K) → bilinear ×8 → "pixels" [mb,K,H,W]
 * </pre>
 * Outputs hold softmax probabilities; their losses are 0.8·token CE (masked where a patch is entirely
 * unlabelled) and 0.2·pixel CE (ignore 255 masked), fed by {@link EncoderBatch#toMultiDataSet}.
 */
public final class GssEncoderModel {

    public static final String INPUT = "image";
    public static final String TOKENS = "tokens";
    public static final String PIXELS = "pixels";

    private GssEncoderModel() {
    }

    /** The graph configuration (JSON-serialisable, as Spark needs), BatchNorms learning batch statistics. */
    public static ComputationGraphConfiguration configuration(ModelConfig cfg, OptimConfig optim, DataType dataType) {
        return configuration(cfg, optim, dataType, false);
    }

    /**
     * The graph configuration; {@code normEval}: every BatchNorm normalises with its running statistics in training
     * too and never updates them (mmseg {@code norm_eval}); the optimiser's paramwise rules set each parameter's
     * weight decay.
     */
    public static ComputationGraphConfiguration configuration(ModelConfig cfg, OptimConfig optim, DataType dataType,
            boolean normEval) {
        ComputationGraphConfiguration conf = layers(cfg, optim, dataType);
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof GssBatchNormalization bn) {
                bn.setFrozenStatistics(normEval);
            }
        }
        optim.paramwise().apply(conf, optim.weightDecay());
        return conf;
    }

    private static ComputationGraphConfiguration layers(ModelConfig cfg, OptimConfig optim, DataType dataType) {
        List<Regularization> wd = optim.weightRegularization();
        GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .dataType(dataType)
                .updater(optim.updater())
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(cfg.crop(), cfg.crop(), 3));
        FeatureLevels levels = cfg.swin() != null ? SwinTransformer.addTo(gb, INPUT, cfg.swin(), wd, true)
                : ResNetV1c.addTo(gb, INPUT, cfg.resnet(), wd);
        String mla = MultiLevelAggregation.addTo(gb, levels, cfg.head(), wd);
        TokenHead.addTo(gb, mla, cfg.head(), wd, TOKENS);
        AuxPixelHead.addTo(gb, levels, cfg.head(), wd, PIXELS);
        return gb.setOutputs(TOKENS, PIXELS).build();
    }

    /** An initialised float32 graph with the Cityscapes optimiser. */
    public static ComputationGraph build(ModelConfig cfg) {
        return build(cfg, OptimConfig.cityscapes(), DataType.FLOAT);
    }

    public static ComputationGraph build(ModelConfig cfg, OptimConfig optim, DataType dataType) {
        return build(cfg, optim, dataType, false);
    }

    /** An initialised graph; {@code normEval} as for {@code configuration}. */
    public static ComputationGraph build(ModelConfig cfg, OptimConfig optim, DataType dataType, boolean normEval) {
        ComputationGraph graph = new ComputationGraph(configuration(cfg, optim, dataType, normEval));
        graph.init();
        return graph;
    }

    /** Argmax token ids [mb, H/8, W/8] (INT32) of the token head. */
    public static INDArray predictTokens(ComputationGraph graph, INDArray images) {
        return predict(graph, images).tokens();
    }

    /** Argmax classes [mb, H, W] (INT32) of the auxiliary head (pseudo-labels for unlabelled pixels). */
    public static INDArray predictPixels(ComputationGraph graph, INDArray images) {
        return predict(graph, images).pixels();
    }

    /** K, the class count of the auxiliary pixel head (read from the graph's configuration). */
    public static int pixelClasses(ComputationGraph graph) {
        GraphVertex v = graph.getConfiguration().getVertices().get(AuxPixelHead.CLASSIFIER);
        if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof ConvolutionLayer c) {
            return (int) c.getNOut();
        }
        throw new IllegalArgumentException("not a GSS encoder graph: it has no auxiliary classifier '"
                + AuxPixelHead.CLASSIFIER + "'");
    }

    /** Both argmax maps from one forward pass. */
    public record Prediction(INDArray tokens, INDArray pixels) {
    }

    public static Prediction predict(ComputationGraph graph, INDArray images) {
        if (images.rank() != 4 || images.size(1) != 3) {
            throw new IllegalArgumentException("images must be [mb,3,H,W], got "
                    + java.util.Arrays.toString(images.shape()));
        }
        INDArray[] out = graph.output(false, images.castTo(graph.params().dataType()));
        List<String> names = graph.getConfiguration().getNetworkOutputs();
        INDArray tokens = Nd4j.argMax(out[names.indexOf(TOKENS)], 1).castTo(DataType.INT32);
        INDArray pixels = Nd4j.argMax(out[names.indexOf(PIXELS)], 1).castTo(DataType.INT32);
        long h = images.size(2);
        long w = images.size(3);
        if (pixels.size(1) != h || pixels.size(2) != w) {
            // ×8 of a rounded-up 1/8 grid: keep the image's own extent
            pixels = pixels.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h), NDArrayIndex.interval(0, w)).dup();
        }
        return new Prediction(tokens, pixels);
    }

    /**
     * The batch's weighted loss, 0.8·token CE + 0.2·pixel CE (each a mean over valid positions), in
     * inference mode (BatchNorm running statistics, no dropout), without the regularization term that
     * DL4J adds to {@code score()} (for {@code WeightDecay} that term is ½·wd·‖w‖², although the decay
     * itself is applied decoupled, AdamW-style).
     */
    public static double dataLoss(ComputationGraph graph, org.nd4j.linalg.dataset.api.MultiDataSet batch) {
        return dataLoss(graph, batch, false);
    }

    /** As {@link #dataLoss(ComputationGraph, org.nd4j.linalg.dataset.api.MultiDataSet)}; training=true uses batch statistics. */
    public static double dataLoss(ComputationGraph graph, org.nd4j.linalg.dataset.api.MultiDataSet batch,
            boolean training) {
        return graph.score(batch, training) - graph.calcRegularizationScore(true);
    }

    /** All parameters of a configuration, BatchNorm running statistics included, without allocating them. */
    public static long parameterCount(ComputationGraphConfiguration conf) {
        long n = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv) {
                Layer layer = lv.getLayerConf().getLayer();
                n += layer.initializer().numParams(layer);
            }
        }
        return n;
    }

    /** Parameters trained by gradient: {@link #parameterCount} less the BatchNorm running mean/var. */
    public static long trainableParameterCount(ComputationGraphConfiguration conf) {
        long n = parameterCount(conf);
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization bn) {
                n -= 2 * bn.getNOut();
            }
        }
        return n;
    }
}
