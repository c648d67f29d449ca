package org.gss.model.mla;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.gss.model.backbone.FeatureLevels;
import org.gss.model.layers.ChannelLayerNormLayer;
import org.gss.model.layers.SwinBlockLayer;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Multi-Level Aggregation (paper §3.4, appendix C): per-level 1×1 conv+BN+ReLU to the head's
 * {@code channels}, resize to the grid level, concat, 1×1 fusion conv+BN+ReLU to {@code mlaChannels},
 * D shifted-window transformer blocks (every second one shifted by w/2), LayerNorm. Vertices
 * {@code mla.level<i>.*}, {@code mla.fusion.*}, {@code mla.block<j>}, {@code mla.norm}.
 */
public final class MultiLevelAggregation {

    public static final String OUTPUT = "mla.norm";
    /** The fusion's output (before the transformer blocks). */
    public static final String FUSION = "mla.fusion.relu";

    private MultiLevelAggregation() {
    }

    /** Adds the MLA on the backbone levels; returns the name of its output, at the head's grid level. */
    public static String addTo(GraphBuilder gb, FeatureLevels levels, HeadSpec head, List<Regularization> wd) {
        String x = LevelFusion.add(gb, "mla", levels, head.channels(), head.mlaChannels(), head.gridStride(), wd);
        for (int j = 0; j < head.mlaDepth(); j++) {
            SwinBlockLayer block = new SwinBlockLayer(head.mlaChannels(), head.heads(), head.window(), head.ffn(),
                    j % 2 == 1);
            block.withRegularization(wd);
            gb.addLayer(block(j), block, x);
            x = block(j);
        }
        gb.addLayer(OUTPUT, new ChannelLayerNormLayer(head.mlaChannels()), x);
        return OUTPUT;
    }

    public static String block(int j) {
        return "mla.block" + j;
    }
}
