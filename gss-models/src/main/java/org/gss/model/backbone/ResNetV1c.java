package org.gss.model.backbone;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.gss.model.layers.StandardLayers;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * ResNet v1c (mmseg {@code ResNetV1c}, style 'pytorch') with output stride 8, from stock DL4J layers:
 * deep stem (three 3×3 convs baseWidth/2, baseWidth/2, baseWidth with BN+ReLU, 3×3/2 max-pool), four
 * stages with strides (1,2,1,1) and dilations (1,1,2,4) (with {@code contract_dilation} the first
 * block of a dilated stage uses half the dilation), bottleneck blocks for depth ≥ 50 (stride and
 * dilation on the 3×3 conv) and basic blocks below, 1×1 projection shortcuts.
 *
 * <p>Vertices are named after mmseg's state_dict modules ({@code stem.0}, {@code stem.1},
 * {@code layer3.5.conv2}, {@code layer1.0.downsample.1}, …) so that {@code org.gss.model.weights.ReferenceWeights} maps
 * ImageNet weights by name. Levels: layer1 at stride 4, layer2–4 at stride 8.
 */
public final class ResNetV1c {

    private static final int[] STRIDES = {1, 2, 1, 1};
    private static final int[] DILATIONS = {1, 1, 2, 4};

    private ResNetV1c() {
    }

    /**
     * The sizes that differ between ResNet v1c variants: depth, the deep stem's width (mmseg
     * {@code stem_channels}: convs of stem/2, stem/2, stem channels) and the first stage's width
     * ({@code base_channels}); the real ResNets have 64 for both.
     */
    public record Spec(int depth, int stemWidth, int baseWidth, boolean contractDilation) {
        public Spec {
            if (!java.util.Set.of(18, 34, 50, 101, 152).contains(depth)) {
                throw new IllegalArgumentException("ResNet v1c depth must be 18, 34, 50, 101 or 152, got " + depth);
            }
            if (stemWidth < 2 || stemWidth % 2 != 0 || baseWidth < 1) {
                throw new IllegalArgumentException("ResNet v1c widths: stem " + stemWidth + " (even, >= 2), base "
                        + baseWidth + " (>= 1)");
            }
        }

        public boolean bottleneck() {
            return depth >= 50;
        }

        public int[] blocksPerStage() {
            return switch (depth) {
                case 18 -> new int[] {2, 2, 2, 2};
                case 34, 50 -> new int[] {3, 4, 6, 3};
                case 101 -> new int[] {3, 4, 23, 3};
                case 152 -> new int[] {3, 8, 36, 3};
                default -> throw new IllegalStateException("depth " + depth);
            };
        }
    }

    /** Name of the stem's output (after the max-pool), stride 4. */
    public static final String STEM_OUTPUT = "maxpool";

    /** Adds the backbone on {@code input} (an image [mb,3,H,W]) and returns its four levels; {@code weightDecay} goes
     * on the convolution weights. */
    public static FeatureLevels addTo(GraphBuilder gb, String input, Spec cfg, List<Regularization> weightDecay) {
        int half = cfg.stemWidth() / 2;
        String x = input;
        long nIn = 3;
        int[] stemOut = {half, half, cfg.stemWidth()};
        for (int i = 0; i < 3; i++) {
            String conv = "stem." + (3 * i);
            String bn = "stem." + (3 * i + 1);
            String relu = "stem." + (3 * i + 2);
            gb.addLayer(conv, StandardLayers.conv(nIn, stemOut[i], 3, i == 0 ? 2 : 1, 1, false, weightDecay), x);
            gb.addLayer(bn, StandardLayers.batchNorm(stemOut[i]), conv);
            gb.addLayer(relu, StandardLayers.relu(), bn);
            x = relu;
            nIn = stemOut[i];
        }
        gb.addLayer(STEM_OUTPUT, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                .padding(1, 1).convolutionMode(ConvolutionMode.Truncate).build(), x);
        x = STEM_OUTPUT;

        List<String> names = new ArrayList<>();
        List<Integer> channels = new ArrayList<>();
        List<Integer> strides = new ArrayList<>();
        int stride = 4;
        int expansion = cfg.bottleneck() ? 4 : 1;
        int[] blocks = cfg.blocksPerStage();
        for (int stage = 0; stage < 4; stage++) {
            int planes = cfg.baseWidth() << stage;
            int dilation = DILATIONS[stage];
            int firstDilation = dilation > 1 && cfg.contractDilation() ? dilation / 2 : dilation;
            for (int b = 0; b < blocks[stage]; b++) {
                String name = "layer" + (stage + 1) + "." + b;
                int s = b == 0 ? STRIDES[stage] : 1;
                int d = b == 0 ? firstDilation : dilation;
                boolean project = b == 0 && (s != 1 || nIn != (long) planes * expansion);
                x = cfg.bottleneck()
                        ? bottleneck(gb, name, x, nIn, planes, s, d, project, weightDecay)
                        : basic(gb, name, x, nIn, planes, s, d, project, weightDecay);
                nIn = (long) planes * expansion;
            }
            stride *= STRIDES[stage];
            names.add(x);
            channels.add((int) nIn);
            strides.add(stride);
        }
        return new FeatureLevels(names, channels, strides);
    }

    private static String bottleneck(GraphBuilder gb, String name, String in, long nIn, int planes, int stride,
            int dilation, boolean project, List<Regularization> wd) {
        gb.addLayer(name + ".conv1", StandardLayers.conv(nIn, planes, 1, 1, 1, false, wd), in);
        gb.addLayer(name + ".bn1", StandardLayers.batchNorm(planes), name + ".conv1");
        gb.addLayer(name + ".relu1", StandardLayers.relu(), name + ".bn1");
        gb.addLayer(name + ".conv2", StandardLayers.conv(planes, planes, 3, stride, dilation, false, wd),
                name + ".relu1");
        gb.addLayer(name + ".bn2", StandardLayers.batchNorm(planes), name + ".conv2");
        gb.addLayer(name + ".relu2", StandardLayers.relu(), name + ".bn2");
        gb.addLayer(name + ".conv3", StandardLayers.conv(planes, planes * 4L, 1, 1, 1, false, wd), name + ".relu2");
        gb.addLayer(name + ".bn3", StandardLayers.batchNorm(planes * 4L), name + ".conv3");
        return residual(gb, name, in, nIn, planes * 4L, stride, project, name + ".bn3", wd);
    }

    private static String basic(GraphBuilder gb, String name, String in, long nIn, int planes, int stride,
            int dilation, boolean project, List<Regularization> wd) {
        // mmseg's BasicBlock dilates conv1 only
        gb.addLayer(name + ".conv1", StandardLayers.conv(nIn, planes, 3, stride, dilation, false, wd), in);
        gb.addLayer(name + ".bn1", StandardLayers.batchNorm(planes), name + ".conv1");
        gb.addLayer(name + ".relu1", StandardLayers.relu(), name + ".bn1");
        gb.addLayer(name + ".conv2", StandardLayers.conv(planes, planes, 3, 1, 1, false, wd), name + ".relu1");
        gb.addLayer(name + ".bn2", StandardLayers.batchNorm(planes), name + ".conv2");
        return residual(gb, name, in, nIn, planes, stride, project, name + ".bn2", wd);
    }

    private static String residual(GraphBuilder gb, String name, String in, long nIn, long nOut, int stride,
            boolean project, String branch, List<Regularization> wd) {
        String shortcut = in;
        if (project) {
            gb.addLayer(name + ".downsample.0", StandardLayers.conv(nIn, nOut, 1, stride, 1, false, wd), in);
            gb.addLayer(name + ".downsample.1", StandardLayers.batchNorm(nOut), name + ".downsample.0");
            shortcut = name + ".downsample.1";
        }
        gb.addVertex(name + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), branch, shortcut);
        gb.addLayer(name + ".out", StandardLayers.relu(), name + ".add");
        return name + ".out";
    }
}
