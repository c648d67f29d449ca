package org.gss.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentationMetricsTest {
    private static final double EPS = 1e-12;

    /**
     * The 4×4 hand case of {@link ConfusionMatrixTest} (K=5). From its counts:
     * <pre>
     * class  intersect  area_pred        area_label        union          IoU       Acc
     *   0        3      3(gt0)+1(gt2)=4  3+1=4             4+4-3=5        60        75
     *   1        4      4                4+1=5             4+5-4=5        80        80
     *   2        2      1(gt1)+2=3       2+1+1(pred255)=4  3+4-2=5        40        50
     *   3        0      0                0                 0              NaN       NaN   (absent from both)
     *   4        0      1(gt0)           0                 1              0         NaN   (only predicted)
     * </pre>
     * mIoU (mmseg) = (60+80+40+0)/4 = 45; MSeg-style = 180/5 = 36.
     * mAcc (mmseg) = (75+80+50)/3 = 68.333…; MSeg-style = 205/5 = 41.
     * aAcc = (3+4+2)/13 labeled = 69.2307…
     */
    @Test
    void handCaseMatchesMmsegDefinitions() {
        SegmentationMetrics m = SegmentationMetrics.from(ConfusionMatrixTest.handCase());
        assertEquals(5, m.numClasses());
        assertEquals(60.0, m.iou(0), EPS);
        assertEquals(80.0, m.iou(1), EPS);
        assertEquals(40.0, m.iou(2), EPS);
        assertTrue(Double.isNaN(m.iou(3)), "class absent from prediction and gt is NaN");
        assertEquals(0.0, m.iou(4), 0, "class only in the prediction has IoU 0");
        assertEquals(5, m.areaUnion(2));
        assertEquals(3, m.areaPred(2));
        assertEquals(4, m.areaLabel(2));
        assertEquals(1, m.areaUnion(4));

        assertEquals(75.0, m.acc(0), EPS);
        assertEquals(80.0, m.acc(1), EPS);
        assertEquals(50.0, m.acc(2), EPS);
        assertTrue(Double.isNaN(m.acc(3)));
        assertTrue(Double.isNaN(m.acc(4)), "no ground-truth pixels -> Acc NaN");

        assertEquals(45.0, m.mIoU(), EPS);
        assertEquals(45.0, m.mIoU(MeanMode.NAN_EXCLUDED), EPS);
        assertEquals(36.0, m.mIoU(MeanMode.ABSENT_AS_ZERO), EPS);
        assertEquals(205.0 / 3, m.mAcc(), EPS);
        assertEquals(41.0, m.mAcc(MeanMode.ABSENT_AS_ZERO), EPS);
        assertEquals(900.0 / 13, m.aAcc(), EPS);
        assertEquals(4, m.presentClasses());
    }

    @Test
    void emptyMatrixGivesNaNEverywhere() {
        SegmentationMetrics m = SegmentationMetrics.from(new ConfusionMatrix(3));
        assertTrue(Double.isNaN(m.mIoU()));
        assertTrue(Double.isNaN(m.mAcc()));
        assertTrue(Double.isNaN(m.aAcc()));
        assertEquals(0.0, m.mIoU(MeanMode.ABSENT_AS_ZERO), 0);
    }

    @Test
    void tableIsInPercentAndNamesTheMeanMode() {
        SegmentationMetrics m = SegmentationMetrics.from(ConfusionMatrixTest.handCase());
        String t = m.table(List.of("a", "b", "c", "d", "e"), MeanMode.ABSENT_AS_ZERO);
        assertTrue(t.contains("a        60.00    75.00"), t);
        assertTrue(t.contains("d          nan      nan"), t);
        assertTrue(t.contains("aAcc 69.23  mIoU 36.00  mAcc 41.00  (4/5 classes present; "
                + "MSeg-style mean: absent classes count as 0)"), t);
        assertTrue(m.summary(MeanMode.NAN_EXCLUDED).contains("mIoU 45.00"));
    }
}
