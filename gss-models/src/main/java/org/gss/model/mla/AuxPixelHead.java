package org.gss.model.mla;

import org.gss.data.view.TokenGrid;
import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.gss.model.ModelConfig;
import org.gss.model.backbone.FeatureLevels;
import org.gss.model.layers.BilinearResizeLayer;
import org.gss.model.layers.StandardLayers;
import org.gss.model.loss.SparseCnnLossLayer;
import org.gss.model.loss.WeightedLoss;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * Unlabeled-area auxiliary head (paper §3.4): its own per-level 1×1 conv+BN+ReLU, fusion at 1/8,
 * 1×1 conv to K classes, bilinear upsampling ×8 to the crop, softmax cross-entropy (ignore pixels
 * are masked) weighted by {@code pixelWeight}. Its argmax fills unlabeled pixels before the
 * ground truth is tokenised.
 */
public final class AuxPixelHead {
    /** The 1×1 conv to K classes (its nOut is the head's class count). */
    public static final String CLASSIFIER = "aux.cls";

    private AuxPixelHead() {
    }

    public static String addTo(GraphBuilder gb, FeatureLevels levels, ModelConfig cfg, List<Regularization> wd,
            String outputName) {
        String x = LevelFusion.add(gb, "aux", levels, cfg.auxChannels(), cfg.auxChannels(), wd, cfg.grid());
        gb.addLayer(CLASSIFIER, StandardLayers.classifier(cfg.auxChannels(), cfg.numClasses(), 0.0, wd), x);
        gb.addLayer("aux.up", BilinearResizeLayer.up(cfg.numClasses(), cfg.grid().size()), CLASSIFIER);
        gb.addLayer(outputName, new SparseCnnLossLayer(new WeightedLoss(new LossSparseMCXENT(), cfg.pixelWeight()),
                Activation.SOFTMAX), "aux.up");
        return outputName;
    }
}
