package org.gss.model.mla;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.gss.model.backbone.FeatureLevels;
import org.gss.model.layers.BilinearResizeLayer;
import org.gss.model.layers.StandardLayers;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The fusion both heads share in structure (each with its own weights): per level a 1×1
 * conv+BN+ReLU to {@code channels}, bilinear resize to the level of stride {@code gridStride},
 * concatenation (finest level first), and a 1×1 fusion conv+BN+ReLU to {@code outChannels} (mmseg
 * ConvModules of the reference head; its concatenation follows its {@code in_index}, which
 * {@code org.gss.model.weights.ReferenceKeys} maps onto this order).
 */
final class LevelFusion {

    private LevelFusion() {
    }

    static String add(GraphBuilder gb, String prefix, FeatureLevels levels, long channels, long outChannels,
            int gridStride, List<Regularization> wd) {
        List<String> resized = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            String x = StandardLayers.convBnRelu(gb, prefix + ".level" + i, levels.names().get(i),
                    levels.channels().get(i), channels, 1, wd);
            int stride = levels.strides().get(i);
            if (stride != gridStride) {
                BilinearResizeLayer resize = stride < gridStride
                        ? BilinearResizeLayer.down(channels, factor(gridStride, stride))
                        : BilinearResizeLayer.up(channels, factor(stride, gridStride));
                gb.addLayer(prefix + ".level" + i + ".resize", resize, x);
                x = prefix + ".level" + i + ".resize";
            }
            resized.add(x);
        }
        gb.addVertex(prefix + ".concat", new MergeVertex(), resized.toArray(String[]::new));
        return StandardLayers.convBnRelu(gb, prefix + ".fusion", prefix + ".concat", channels * levels.size(),
                outChannels, 1, wd);
    }

    private static int factor(int big, int small) {
        if (big % small != 0) {
            throw new IllegalArgumentException("level stride " + small + "/" + big + " is not an integer ratio");
        }
        return big / small;
    }
}
