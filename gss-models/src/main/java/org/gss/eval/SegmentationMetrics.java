package org.gss.eval;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Per-class IoU and accuracy, their means and overall pixel accuracy, computed from a split-wide
 * {@link ConfusionMatrix} exactly as mmseg's {@code total_area_to_metrics} does.
 *
 * <p><b>All values are percentages (0..100)</b>, like mmseg's tables and the paper (e.g. 77.76 mIoU), not fractions.
 *
 * <ul>
 *   <li>area_intersect(c) = pixels with gt c predicted c; area_pred(c) = pixels predicted c (on labeled gt);
 *       area_label(c) = labeled pixels with gt c, including those predicted 255;
 *       area_union = area_pred + area_label − area_intersect.</li>
 *   <li>IoU(c) = 100·intersect/union, NaN when union is 0 (class absent from both prediction and ground truth).
 *       A class present only in the prediction has IoU 0 and is part of the mean.</li>
 *   <li>Acc(c) = 100·intersect/label, NaN when the class has no ground-truth pixels.</li>
 *   <li>mIoU, mAcc: mean over classes, NaN excluded ({@link MeanMode#NAN_EXCLUDED}, mmseg's {@code np.nanmean});
 *       or with NaN counted as 0 ({@link MeanMode#ABSENT_AS_ZERO}, MSeg-style). NaN if no class qualifies.</li>
 *   <li>aAcc = 100·Σ intersect / Σ label; NaN when there are no labeled pixels.</li>
 * </ul>
 */
public final class SegmentationMetrics implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] intersect;
    private final long[] union;
    private final long[] predArea;
    private final long[] labelArea;
    private final double[] iou;
    private final double[] acc;
    private final double aAcc;

    private SegmentationMetrics(long[] intersect, long[] union, long[] predArea, long[] labelArea) {
        int k = intersect.length;
        this.intersect = intersect;
        this.union = union;
        this.predArea = predArea;
        this.labelArea = labelArea;
        this.iou = new double[k];
        this.acc = new double[k];
        long totalIntersect = 0;
        long totalLabel = 0;
        for (int c = 0; c < k; c++) {
            iou[c] = percent(intersect[c], union[c]);
            acc[c] = percent(intersect[c], labelArea[c]);
            totalIntersect += intersect[c];
            totalLabel += labelArea[c];
        }
        this.aAcc = percent(totalIntersect, totalLabel);
    }

    public static SegmentationMetrics from(ConfusionMatrix cm) {
        int k = cm.numClasses();
        long[] raw = cm.rawCounts();
        long[] intersect = new long[k];
        long[] predArea = new long[k];
        long[] labelArea = new long[k];
        for (int g = 0; g < k; g++) {
            for (int p = 0; p <= k; p++) {
                long v = raw[g * (k + 1) + p];
                labelArea[g] += v; // column k (prediction 255) counts for the gt class only
                if (p < k) {
                    predArea[p] += v;
                }
            }
            intersect[g] = raw[g * (k + 1) + g];
        }
        long[] union = new long[k];
        for (int c = 0; c < k; c++) {
            union[c] = predArea[c] + labelArea[c] - intersect[c];
        }
        return new SegmentationMetrics(intersect, union, predArea, labelArea);
    }

    private static double percent(long num, long den) {
        return den == 0 ? Double.NaN : 100.0 * num / den;
    }

    public int numClasses() {
        return iou.length;
    }

    /** IoU of class c in percent; NaN when absent from prediction and ground truth. */
    public double iou(int c) {
        return iou[c];
    }

    /** Accuracy (recall) of class c in percent; NaN when the class has no ground-truth pixels. */
    public double acc(int c) {
        return acc[c];
    }

    public double[] iou() {
        return iou.clone();
    }

    public double[] acc() {
        return acc.clone();
    }

    public long areaIntersect(int c) {
        return intersect[c];
    }

    public long areaUnion(int c) {
        return union[c];
    }

    public long areaPred(int c) {
        return predArea[c];
    }

    public long areaLabel(int c) {
        return labelArea[c];
    }

    /** mmseg mIoU (percent): mean IoU over classes present in prediction or ground truth. */
    public double mIoU() {
        return mean(iou, MeanMode.NAN_EXCLUDED);
    }

    public double mIoU(MeanMode mode) {
        return mean(iou, mode);
    }

    /** mmseg mAcc (percent): mean accuracy over classes present in the ground truth. */
    public double mAcc() {
        return mean(acc, MeanMode.NAN_EXCLUDED);
    }

    public double mAcc(MeanMode mode) {
        return mean(acc, mode);
    }

    /** Overall pixel accuracy (percent): correct labeled pixels / labeled pixels. */
    public double aAcc() {
        return aAcc;
    }

    /** Classes with a defined IoU (present in prediction or ground truth). */
    public int presentClasses() {
        int n = 0;
        for (double v : iou) {
            n += Double.isNaN(v) ? 0 : 1;
        }
        return n;
    }

    private static double mean(double[] values, MeanMode mode) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            } else if (mode == MeanMode.ABSENT_AS_ZERO) {
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** One line: {@code aAcc 97.10  mIoU 77.76  mAcc 85.00  (19/19 classes present; <mode label>)}. */
    public String summary(MeanMode mode) {
        return String.format(Locale.ROOT, "aAcc %s  mIoU %s  mAcc %s  (%d/%d classes present; %s)", fmt(aAcc),
                fmt(mIoU(mode)), fmt(mAcc(mode)), presentClasses(), numClasses(), mode.label());
    }

    /** An mmseg-like per-class table in percent (2 decimals, "nan" where undefined) followed by {@link #summary}. */
    public String table(List<String> classNames, MeanMode mode) {
        if (classNames.size() != numClasses()) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + numClasses() + " classes");
        }
        int width = "Class".length();
        for (String n : classNames) {
            width = Math.max(width, n.length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %7s  %7s%n", "Class", "IoU", "Acc"));
        for (int c = 0; c < numClasses(); c++) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %7s  %7s%n", classNames.get(c), fmt(iou[c]),
                    fmt(acc[c])));
        }
        return sb.append(summary(mode)).append(System.lineSeparator()).toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.2f", v);
    }

    @Override
    public String toString() {
        return "SegmentationMetrics[" + summary(MeanMode.NAN_EXCLUDED) + "]";
    }
}
