package org.gss.bench.cost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.gss.model.GssEncoderModel;
import org.gss.model.ModelConfig;
import org.gss.model.layers.BilinearResizeLayer;
import org.gss.model.layers.ChannelLayerNormLayer;
import org.gss.model.layers.SwinBlockLayer;
import org.gss.model.optim.OptimConfig;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Analytic cost of one training step of a graph, per sample, from its layer shapes alone (DL4J's shape inference on
 * the configuration; nothing is allocated, so the paper's size can be counted on any machine):
 * <ul>
 * <li>forward FLOPs per vertex: convolutions 2·H'W'·C_out·C_in·k² (+ bias), matrix products of the Swin block and of
 * the bilinear resize likewise 2·m·n·k, element-wise work at the nominal FLOPs per element below;</li>
 * <li>training FLOPs: 3× forward for DL4J's own layers (the backward of a convolution or matrix product is two
 * products of the forward's size: input gradient and weight gradient), 4× for SameDiff layers, whose DL4J runtime
 * recomputes the forward inside {@code backpropGradient} ({@code SameDiff.calculateGradients});</li>
 * <li>activation elements: every vertex output, which the graph keeps until the backward pass has used it.</li>
 * </ul>
 * The optimiser's update (Adam, about {@link #ADAM_FLOPS_PER_PARAM} FLOPs per trainable parameter) is per step, not
 * per sample, and is reported apart.
 */
public final class StepCost {
    /** Nominal FLOPs per output element of element-wise work (small next to the products; shares are printed). */
    static final int BN_FLOPS = 5;
    static final int RELU_FLOPS = 1;
    static final int ADD_FLOPS = 1;
    static final int LAYER_NORM_FLOPS = 7;
    static final int GELU_FLOPS = 5;
    static final int SOFTMAX_FLOPS = 5;
    static final int LOSS_FLOPS = 6;
    public static final int ADAM_FLOPS_PER_PARAM = 12;

    /** Cost of one vertex, per sample. {@code part}: backbone, mla, token-head, aux-head or input. */
    public record Vertex(String name, String part, long outElements, double forwardFlops, double trainFlops,
            long params, boolean logits, boolean products) {
    }

    private final List<Vertex> vertices;

    private StepCost(List<Vertex> vertices) {
        this.vertices = List.copyOf(vertices);
    }

    /** The GSS encoder of {@code cfg} on a {@code crop × crop} image; the token logits are marked. */
    public static StepCost ofEncoder(ModelConfig cfg, int crop) {
        ComputationGraphConfiguration conf = GssEncoderModel.configuration(cfg.withCrop(crop),
                OptimConfig.cityscapes(), DataType.FLOAT);
        return of(conf, InputType.convolutional(crop, crop, 3), Set.of("head.cls", GssEncoderModel.TOKENS));
    }

    /** Any single-input graph of the layer kinds the encoder uses; {@code logitVertices} are marked as logits. */
    public static StepCost of(ComputationGraphConfiguration conf, InputType input, Set<String> logitVertices) {
        Map<String, InputType> types = new LinkedHashMap<>(conf.getLayerActivationTypes(input));
        for (String in : conf.getNetworkInputs()) {
            types.putIfAbsent(in, input);
        }
        List<Vertex> out = new ArrayList<>();
        for (String in : conf.getNetworkInputs()) {
            out.add(new Vertex(in, "input", elements(input), 0, 0, 0, false, false));
        }
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            String name = e.getKey();
            GraphVertex v = e.getValue();
            List<String> inputs = conf.getVertexInputs().get(name);
            InputType.InputTypeConvolutional in = conv(types.get(inputs.get(0)), name);
            InputType.InputTypeConvolutional o = conv(types.get(name), name);
            double fwd;
            double factor = 3;
            long params = 0;
            boolean products = false;
            if (v instanceof LayerVertex lv) {
                Layer layer = lv.getLayerConf().getLayer();
                params = layer.initializer().numParams(layer);
                fwd = layerFlops(layer, in, o, name);
                products = layer instanceof ConvolutionLayer || layer instanceof SwinBlockLayer
                        || layer instanceof BilinearResizeLayer;
                if (layer instanceof AbstractSameDiffLayer) {
                    factor = 4;
                }
            } else if (v instanceof ElementWiseVertex) {
                fwd = (double) ADD_FLOPS * elements(o) * (inputs.size() - 1);
            } else {
                fwd = 0; // merge (concatenation) and shape-only vertices: copies, no arithmetic
            }
            out.add(new Vertex(name, part(name), elements(o), fwd, factor * fwd, params,
                    logitVertices.contains(name), products));
        }
        return new StepCost(out);
    }

    private static double layerFlops(Layer layer, InputType.InputTypeConvolutional in,
            InputType.InputTypeConvolutional o, String name) {
        long n = elements(o);
        if (layer instanceof ConvolutionLayer c) {
            int[] k = c.getKernelSize();
            return convFlops(n, c.getNIn(), k[0], k[1], c.hasBias());
        }
        if (layer instanceof BatchNormalization) {
            return (double) BN_FLOPS * n;
        }
        if (layer instanceof ActivationLayer) {
            return (double) RELU_FLOPS * n;
        }
        if (layer instanceof SubsamplingLayer s) {
            return (double) s.getKernelSize()[0] * s.getKernelSize()[1] * n;
        }
        if (layer instanceof SwinBlockLayer s) {
            return swinFlops(s.dim(), s.heads(), s.window(), s.ffn(), in.getHeight(), in.getWidth());
        }
        if (layer instanceof BilinearResizeLayer) {
            return bilinearFlops(in.getChannels(), in.getHeight(), in.getWidth(), o.getHeight(), o.getWidth());
        }
        if (layer instanceof ChannelLayerNormLayer) {
            return (double) LAYER_NORM_FLOPS * n;
        }
        if (layer instanceof CnnLossLayer || layer instanceof BaseOutputLayer) {
            return (double) LOSS_FLOPS * n;
        }
        throw new IllegalArgumentException("no cost model for layer " + name + " (" + layer.getClass().getSimpleName()
                + ")");
    }

    /** A k_h×k_w convolution producing {@code outElements} values from {@code nIn} channels. */
    static double convFlops(long outElements, long nIn, int kh, int kw, boolean bias) {
        return 2.0 * outElements * nIn * kh * kw + (bias ? outElements : 0);
    }

    /**
     * One Swin block on an h×w map of {@code dim} channels, as {@link SwinBlockLayer} computes it: LN1, padding to
     * window multiples (attention runs on the padded map), qkv (3C×C), QKᵀ and A·V per window (n = w² tokens),
     * relative position bias gathered by a one-hot product, softmax, projection (C×C), residual; LN2, fc1 (ffn×C),
     * GELU, fc2 (C×ffn), residual.
     */
    static double swinFlops(int dim, int heads, int window, int ffn, long h, long w) {
        long hp = roundUp(h, window);
        long wp = roundUp(w, window);
        double tokens = (double) h * w;
        double padded = (double) hp * wp;
        double n = (double) window * window;
        double table = (2.0 * window - 1) * (2.0 * window - 1);
        double attention = 2 * padded * 3 * dim * dim + 3 * padded * dim // qkv + bias
                + 2 * padded * n * dim // QKᵀ over all heads
                + 2 * heads * table * n * n // bias table gathered for one window (shared by all)
                + (2.0 + SOFTMAX_FLOPS) * padded * heads * n // + bias (+ mask), softmax
                + 2 * padded * n * dim // A·V
                + 2 * padded * dim * dim + padded * dim; // projection + bias
        double mlp = 2 * tokens * ffn * dim + tokens * ffn + GELU_FLOPS * tokens * ffn + 2 * tokens * dim * ffn
                + tokens * dim;
        return attention + mlp + 2 * LAYER_NORM_FLOPS * tokens * dim + 2 * ADD_FLOPS * tokens * dim;
    }

    /** y = A_h · x · A_wᵀ per channel: first along the width (h·w → h·wo), then along the height (→ ho·wo). */
    static double bilinearFlops(long channels, long h, long w, long ho, long wo) {
        double flops = 0;
        if (wo != w) {
            flops += 2.0 * channels * h * wo * w;
        }
        if (ho != h) {
            flops += 2.0 * channels * wo * ho * h;
        }
        return flops == 0 ? (double) channels * h * w : flops;
    }

    private static long roundUp(long v, long m) {
        return (v + m - 1) / m * m;
    }

    private static InputType.InputTypeConvolutional conv(InputType t, String vertex) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return c;
        }
        throw new IllegalArgumentException("vertex " + vertex + ": expected a convolutional activation, got " + t);
    }

    private static long elements(InputType t) {
        return t.arrayElementsPerExample();
    }

    static String part(String name) {
        if (name.startsWith("stem") || name.startsWith("maxpool") || name.startsWith("layer")) {
            return "backbone";
        }
        if (name.startsWith("mla")) {
            return "mla";
        }
        if (name.startsWith("head") || name.equals(GssEncoderModel.TOKENS)) {
            return "token-head";
        }
        if (name.startsWith("aux") || name.equals(GssEncoderModel.PIXELS)) {
            return "aux-head";
        }
        return "other";
    }

    public List<Vertex> vertices() {
        return vertices;
    }

    public double forwardFlops() {
        return vertices.stream().mapToDouble(Vertex::forwardFlops).sum();
    }

    /** Forward + backward FLOPs per sample (the optimiser's update excluded). */
    public double trainFlops() {
        return vertices.stream().mapToDouble(Vertex::trainFlops).sum();
    }

    /** Elements of all vertex outputs (kept for the backward pass), logits included. */
    public long activationElements() {
        return vertices.stream().mapToLong(Vertex::outElements).sum();
    }

    /** Elements of the vertices marked as logits (each one copy of V × token grid). */
    public long logitElements() {
        return vertices.stream().filter(Vertex::logits).mapToLong(Vertex::outElements).sum();
    }

    /** Elements of one logits tensor (the largest marked vertex), 0 if none is marked. */
    public long oneLogitsElements() {
        return vertices.stream().filter(Vertex::logits).mapToLong(Vertex::outElements).max().orElse(0);
    }

    /** Parameters, BatchNorm running statistics included. */
    public long params() {
        return vertices.stream().mapToLong(Vertex::params).sum();
    }

    /**
     * Share of the training FLOPs in convolutions, Swin blocks and resizes (products, counted exactly; the rest is
     * element-wise work at nominal counts).
     */
    public double productShare() {
        double all = trainFlops();
        double products = vertices.stream().filter(Vertex::products).mapToDouble(Vertex::trainFlops).sum();
        return all == 0 ? 0 : products / all;
    }

    /** Training FLOPs per part, in first-seen order. */
    public Map<String, Double> trainFlopsByPart() {
        Map<String, Double> m = new LinkedHashMap<>();
        vertices.forEach(v -> m.merge(v.part(), v.trainFlops(), Double::sum));
        return m;
    }
}
