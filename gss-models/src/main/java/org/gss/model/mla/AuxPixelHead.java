package org.gss.model.mla;

import org.gss.data.view.TokenGrid;
import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.gss.model.backbone.FeatureLevels;
import org.gss.model.layers.BilinearResizeLayer;
import org.gss.model.layers.StandardLayers;
import org.gss.model.loss.SparseCnnLossLayer;
import org.gss.model.loss.WeightedLoss;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * Unlabeled-area auxiliary head (paper §3.4): its own per-level 1×1 conv+BN+ReLU, fusion at the grid
 * level, 1×1 conv to K classes, bilinear upsampling ×{@value #UPSAMPLE} (the tokenizer's patch size:
 * the image at a 1/8 grid, the reference's ×2 label map at its 1/4 grid), softmax cross-entropy (ignore
 * pixels are masked) weighted by {@code pixelWeight}. Its argmax fills unlabeled pixels before the
 * ground truth is tokenised.
 */
public final class AuxPixelHead {
    /** The 1×1 conv to K classes (its nOut is the head's class count). */
    public static final String CLASSIFIER = "aux.cls";
    /** The fusion's output. */
    public static final String FUSION = "aux.fusion.relu";
    /** The upsampled logits. */
    public static final String UPSAMPLED = "aux.up";
    /** Upsampling of the logits: the reference resizes them to 8× its token grid. */
    public static final int UPSAMPLE = 8;

    private AuxPixelHead() {
    }

    public static String addTo(GraphBuilder gb, FeatureLevels levels, HeadSpec head, List<Regularization> wd,
            String outputName) {
        String x = LevelFusion.add(gb, "aux", levels, head.channels(), head.channels(), head.gridStride(), wd);
        gb.addLayer(CLASSIFIER, StandardLayers.classifier(head.channels(), head.numClasses(), 0.0, wd), x);
        gb.addLayer(UPSAMPLED, BilinearResizeLayer.up(head.numClasses(), UPSAMPLE), CLASSIFIER);
        gb.addLayer(outputName, new SparseCnnLossLayer(new WeightedLoss(new LossSparseMCXENT(), head.pixelWeight()),
                Activation.SOFTMAX), UPSAMPLED);
        return outputName;
    }
}
