package org.gss.report;

import org.gss.eval.ConfusionMatrix;
import org.gss.eval.SegmentationMetrics;

/**
 * The image-blind baseline of one dataset: a "model" that ignores the image and predicts, at every pixel, the class
 * most often seen at that (relative) position in the training split's labels. Absent when the manifest has no usable
 * training labels for the dataset ({@code reason} says why).
 *
 * @param grid        cells per side of the position grid the class counts were taken on
 * @param trainImages training label maps the prior was counted from
 */
public record BaselineResult(String split, long trainImages, int grid, ConfusionMatrix confusion, String reason) {
    public static BaselineResult unavailable(String split, String reason) {
        return new BaselineResult(split, 0, 0, null, reason);
    }

    public boolean available() {
        return confusion != null;
    }

    public SegmentationMetrics metrics() {
        if (confusion == null) {
            throw new IllegalStateException("no baseline: " + reason);
        }
        return SegmentationMetrics.from(confusion);
    }
}
