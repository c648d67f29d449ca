package org.gss.model.mla;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.gss.model.ModelConfig;
import org.gss.model.layers.StandardLayers;
import org.gss.model.loss.SparseCnnLossLayer;
import org.gss.model.loss.WeightedLoss;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * Token head: 1×1 conv+BN+ReLU to {@code hidden}, (channel dropout,) 1×1 conv to the vocabulary,
 * softmax cross-entropy against sparse token ids, weighted by {@code tokenWeight}. The output
 * vertex holds the token probabilities [mb, V, h/8, w/8].
 */
public final class TokenHead {

    private TokenHead() {
    }

    public static String addTo(GraphBuilder gb, String input, ModelConfig cfg, List<Regularization> wd,
            String outputName) {
        String x = StandardLayers.convBnRelu(gb, "head.hidden", input, cfg.mlaChannels(), cfg.hidden(), 1, wd);
        gb.addLayer("head.cls", StandardLayers.classifier(cfg.hidden(), cfg.vocab(), cfg.tokenDropout(), wd), x);
        gb.addLayer(outputName, new SparseCnnLossLayer(new WeightedLoss(new LossSparseMCXENT(), cfg.tokenWeight()),
                Activation.SOFTMAX), "head.cls");
        return outputName;
    }
}
