package org.gss.model.mla;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.gss.model.layers.StandardLayers;
import org.gss.model.loss.SparseCnnLossLayer;
import org.gss.model.loss.WeightedLoss;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * Token head: 1×1 conv+BN+ReLU to {@code hidden}, channel dropout (the reference's
 * {@code Dropout2d(dropout_ratio)}), 1×1 conv to the vocabulary, softmax cross-entropy against sparse
 * token ids, weighted by {@code tokenWeight}. The output vertex holds the token probabilities
 * [mb, V, h, w]; {@link #LOGITS} the logits.
 */
public final class TokenHead {

    public static final String HIDDEN = "head.hidden.relu";
    public static final String LOGITS = "head.cls";

    private TokenHead() {
    }

    public static String addTo(GraphBuilder gb, String input, HeadSpec head, List<Regularization> wd,
            String outputName) {
        String x = StandardLayers.convBnRelu(gb, "head.hidden", input, head.mlaChannels(), head.hidden(), 1, wd);
        gb.addLayer(LOGITS, StandardLayers.classifier(head.hidden(), head.vocab(), head.tokenDropout(), wd), x);
        gb.addLayer(outputName, new SparseCnnLossLayer(new WeightedLoss(new LossSparseMCXENT(), head.tokenWeight()),
                Activation.SOFTMAX), LOGITS);
        return outputName;
    }
}
