package org.gss.report;

import java.util.List;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.SegmentationMetrics;

/**
 * The scores of one evaluated dataset (one column of the paper's tables; an MSeg test domain is one).
 *
 * @param name              the column name (unique in a report)
 * @param entry             the {@code gss.evaluate.datasets} entry it came from
 * @param domain            the manifest's dataset name (the MSeg domain) whose samples were scored
 * @param taxonomy          how predictions were read: {@code dataset} ids, or {@code universal} mapped onto the
 *                          dataset's classes
 * @param inference         inference mode in words (or "not applied: ..." for prediction PNGs)
 * @param classNames        the scored classes, index = id
 * @param palette           display colour per class, packed 0xRRGGBB
 * @param confusion         split-wide counts (ground truth × prediction), 64-bit
 * @param images            images scored
 * @param predictionsSha256 hash over every prediction's content, in sample order
 */
public record DatasetResult(String name, String entry, String domain, String split, String manifest,
        String manifestContentHash, String taxonomy, String inference, List<String> classNames, int[] palette,
        ConfusionMatrix confusion, long images, String predictionsSha256, BaselineResult baseline, List<Panel> panels) {
    public DatasetResult {
        if (classNames.size() != confusion.numClasses() || palette.length < confusion.numClasses()) {
            throw new IllegalArgumentException(name + ": " + classNames.size() + " class names and " + palette.length
                    + " colours for " + confusion.numClasses() + " classes");
        }
        classNames = List.copyOf(classNames);
        panels = List.copyOf(panels);
    }

    public SegmentationMetrics metrics() {
        return SegmentationMetrics.from(confusion);
    }

    public int numClasses() {
        return confusion.numClasses();
    }
}
