package org.gss.model.mla;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.gss.model.ModelConfig;
import org.gss.model.backbone.FeatureLevels;
import org.gss.model.layers.ChannelLayerNormLayer;
import org.gss.model.layers.SwinBlockLayer;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Multi-Level Aggregation (paper §3.4, appendix C): per-level 1×1 conv+BN+ReLU, resize to the 1/8
 * level, concat, 1×1 fusion conv+BN+ReLU, D shifted-window transformer blocks (every second one
 * shifted by w/2), LayerNorm. Vertices {@code mla.level<i>.*}, {@code mla.fusion.*},
 * {@code mla.block<j>}, {@code mla.norm}.
 */
public final class MultiLevelAggregation {

    public static final String OUTPUT = "mla.norm";

    private MultiLevelAggregation() {
    }

    /** Adds the MLA on the backbone levels; returns the name of its output [mb, mlaChannels, h/8, w/8]. */
    public static String addTo(GraphBuilder gb, FeatureLevels levels, ModelConfig cfg, List<Regularization> wd) {
        String x = LevelFusion.add(gb, "mla", levels, cfg.mlaChannels(), cfg.mlaChannels(), wd, cfg.grid());
        for (int j = 0; j < cfg.mlaDepth(); j++) {
            SwinBlockLayer block = new SwinBlockLayer(cfg.mlaChannels(), cfg.heads(), cfg.window(), cfg.ffn(),
                    j % 2 == 1);
            block.withRegularization(wd);
            gb.addLayer("mla.block" + j, block, x);
            x = "mla.block" + j;
        }
        gb.addLayer(OUTPUT, new ChannelLayerNormLayer(cfg.mlaChannels()), x);
        return OUTPUT;
    }
}
