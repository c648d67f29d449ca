package org.gss.model.weights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.data.image.BadInputException;
import org.gss.model.backbone.FeatureLevels;
import org.gss.model.backbone.ResNetV1c;
import org.gss.model.backbone.SwinTransformer;
import org.gss.model.mla.AuxPixelHead;
import org.gss.model.mla.HeadSpec;
import org.gss.model.mla.MultiLevelAggregation;
import org.gss.model.mla.TokenHead;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network of a {@link ReferenceArchitecture} as a DL4J graph (our layers, the reference's weights),
 * and its forward pass with the outputs under the names of the reference goldens: {@code stem},
 * {@code out0..3} (ResNet), {@code patch_embed} (Swin, tokens [B, h·w, C]) and {@code out0..3}, and with a
 * head {@code token_logits}, {@code token_argmax}, {@code pixel_logits}, {@code pixel_logits_up},
 * {@code agg}, {@code swin_block<j>}, {@code swin_out}, {@code swin_ln_out}, {@code cls_feat},
 * {@code agg_pixel}. Without a backbone the head reads inputs {@code feat0..} (backbone level order).
 */
public final class ReferenceGraph {

    public static final String IMAGE = "image";

    private final ReferenceArchitecture arch;
    private final ComputationGraph graph;
    private final Map<String, String> outputs;
    private final List<String> inputs;

    private ReferenceGraph(ReferenceArchitecture arch, ComputationGraph graph, Map<String, String> outputs,
            List<String> inputs) {
        this.arch = arch;
        this.graph = graph;
        this.outputs = outputs;
        this.inputs = inputs;
    }

    public ComputationGraph graph() {
        return graph;
    }

    public ReferenceArchitecture architecture() {
        return arch;
    }

    /** Builds the graph for inputs of {@code h}×{@code w} pixels; {@code headLevels}: channels/strides of feat0.. without a backbone. */
    public static ReferenceGraph build(ReferenceArchitecture arch, int h, int w, List<int[]> headLevels) {
        GraphBuilder gb = new NeuralNetConfiguration.Builder().seed(0).dataType(DataType.FLOAT)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder();
        Map<String, String> out = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>();
        FeatureLevels levels;
        if (arch.hasBackbone()) {
            gb.addInputs(IMAGE).setInputTypes(InputType.convolutional(h, w, 3));
            inputs.add(IMAGE);
            if (arch.resnet().isPresent()) {
                levels = ResNetV1c.addTo(gb, IMAGE, arch.resnet().get(), List.of());
                out.put("stem", ResNetV1c.STEM_OUTPUT);
            } else {
                levels = SwinTransformer.addTo(gb, IMAGE, arch.swin().get(), List.of());
                out.put("patch_embed", SwinTransformer.PATCH_EMBED);
            }
            for (int i = 0; i < levels.size(); i++) {
                out.put("out" + i, levels.names().get(i));
            }
        } else {
            List<String> names = new ArrayList<>();
            List<Integer> ch = new ArrayList<>();
            List<Integer> st = new ArrayList<>();
            InputType[] types = new InputType[headLevels.size()];
            int finest = headLevels.get(0)[1];
            for (int i = 0; i < headLevels.size(); i++) {
                names.add("feat" + i);
                ch.add(headLevels.get(i)[0]);
                st.add(headLevels.get(i)[1]);
                int f = headLevels.get(i)[1] / finest;
                types[i] = InputType.convolutional(h / f, w / f, headLevels.get(i)[0]);
            }
            gb.addInputs(names.toArray(String[]::new)).setInputTypes(types);
            inputs.addAll(names);
            levels = new FeatureLevels(names, ch, st);
        }
        if (arch.head().isPresent()) {
            HeadSpec head = arch.head().get();
            String mla = MultiLevelAggregation.addTo(gb, levels, head, List.of());
            TokenHead.addTo(gb, mla, head, List.of(), "tokens");
            AuxPixelHead.addTo(gb, levels, head, List.of(), "pixels");
            out.put("agg", MultiLevelAggregation.FUSION);
            for (int j = 0; j < head.mlaDepth(); j++) {
                out.put("swin_block" + j, MultiLevelAggregation.block(j));
            }
            out.put("swin_out", MultiLevelAggregation.block(head.mlaDepth() - 1));
            out.put("swin_ln_out", MultiLevelAggregation.OUTPUT);
            out.put("cls_feat", TokenHead.HIDDEN);
            out.put("token_logits", TokenHead.LOGITS);
            out.put("agg_pixel", AuxPixelHead.FUSION);
            out.put("pixel_logits", AuxPixelHead.CLASSIFIER);
            out.put("pixel_logits_up", AuxPixelHead.UPSAMPLED);
            gb.setOutputs("tokens", "pixels");
        } else {
            gb.setOutputs(levels.names().toArray(String[]::new));
        }
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        return new ReferenceGraph(arch, g, out, inputs);
    }

    /** Reference graph and weights of a state dict in one step (every tensor of the file is loaded). */
    public static ReferenceGraph load(StateDict sd, int h, int w, List<int[]> headLevels) {
        ReferenceArchitecture arch = ReferenceArchitecture.infer(sd, headLevels);
        ReferenceGraph rg = build(arch, h, w, headLevels);
        ReferenceWeights.load(rg.graph, sd, arch, ReferenceWeights.Part.ALL);
        return rg;
    }

    /**
     * The forward pass on {@code in} (the image, or feat0.. without a backbone); {@code train} normalises
     * with batch statistics (BatchNorm in training mode) as PyTorch's {@code model.train()} does; it leaves
     * the running statistics untouched. Returns the golden-named outputs, NCHW except the token sequences.
     */
    public Map<String, INDArray> forward(boolean train, INDArray... in) {
        if (in.length != inputs.size()) {
            throw new BadInputException("input", "the network takes " + inputs.size() + " input(s) " + inputs
                    + ", got " + in.length);
        }
        INDArray[] cast = new INDArray[in.length];
        for (int i = 0; i < in.length; i++) {
            cast[i] = in[i].castTo(DataType.FLOAT);
        }
        INDArray before = train ? graph.params().dup() : null;
        Map<String, INDArray> acts = graph.feedForward(cast, train, false);
        if (before != null) {
            graph.params().assign(before); // DL4J updates the running statistics in a training forward
        }
        Map<String, INDArray> result = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : outputs.entrySet()) {
            INDArray a = acts.get(e.getValue()).dup();
            if (e.getKey().equals("patch_embed") || e.getKey().startsWith("swin_")) {
                a = tokens(a);
            }
            result.put(e.getKey(), a);
            if (e.getKey().equals("token_logits")) {
                result.put("token_argmax", Nd4j.argMax(a, 1).reshape(a.size(0), 1, a.size(2), a.size(3))
                        .castTo(DataType.LONG));
            }
        }
        return result;
    }

    /** [B,C,h,w] → [B, h·w, C], tokens row-major (y, x), as the reference's transformer sequences. */
    static INDArray tokens(INDArray nchw) {
        return nchw.permute(0, 2, 3, 1).dup('c').reshape(nchw.size(0), nchw.size(2) * nchw.size(3), nchw.size(1));
    }
}
