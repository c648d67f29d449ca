package org.gss.tokenizer.cache;

import org.apache.hadoop.conf.Configuration;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;

/**
 * Fills the unlabeled pixels (id 255) of a ground-truth label map before it is encoded (paper: the auxiliary head's
 * argmax fills them: {@code org.gss.model.fill.AuxHeadFill}; {@link NearestLabelFill} needs no model). Labeled pixels must come back
 * unchanged. Implementations are serializable by their settings and thread-safe: one instance serves the tasks of an
 * executor.
 */
public interface PseudoLabeler {
    /**
     * Identifies the fill in cache keys: equal sources must give equal fills (e.g. the fill's name and version, or the
     * hash of the checkpoint whose head fills).
     */
    String source();

    /** Whether {@link #fill} looks at the image (if not, the build does not read image files). */
    default boolean usesImage() {
        return true;
    }

    /**
     * Loads what {@link #fill} needs in this JVM (e.g. a model) from the job's file systems. Called on each executor
     * before its first fill; idempotent and cheap after the first call.
     */
    default void prepare(Configuration conf) {
    }

    /**
     * The filled labels: labeled pixels as in {@code labels}, unlabeled ones with a class id. {@code image} is null when
     * {@link #usesImage()} is false.
     */
    LabelMap fill(RgbImage image, LabelMap labels);
}
