package org.gss.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DomainMetricsTest {
    @Test
    void harmonicMeanOverDatasetsInBothMeanModes() {
        // "hand": the 4×4 case, mIoU 45 (mmseg) / 36 (MSeg-style), see SegmentationMetricsTest.
        // "half": K=2, gt [0,0,1,1], pred [0,1,1,1]: class 0 IoU 1/2, class 1 IoU 2/3 -> mIoU (50 + 66.67)/2 = 58.33.
        ConfusionMatrix half = new ConfusionMatrix(2);
        half.accumulate(new byte[] {0, 0, 1, 1}, new byte[] {0, 1, 1, 1}, 4);
        DomainMetrics d = new DomainMetrics()
                .add("hand", SegmentationMetrics.from(ConfusionMatrixTest.handCase()))
                .add("half", SegmentationMetrics.from(half))
                .add("empty", SegmentationMetrics.from(new ConfusionMatrix(4)));
        double halfMiou = (50.0 + 200.0 / 3) / 2;
        HarmonicMean.Result mm = d.harmonicMeanMIoU(MeanMode.NAN_EXCLUDED);
        assertEquals(2 / (1 / 45.0 + 1 / halfMiou), mm.value(), 1e-12);
        assertEquals(List.of("empty"), mm.excluded());
        assertEquals((45.0 + halfMiou) / 2, d.arithmeticMeanMIoU(MeanMode.NAN_EXCLUDED), 1e-12);
        // MSeg-style: "empty" has mIoU 0 (all classes absent count as 0), which pulls the harmonic mean to 0.
        assertEquals(0.0, d.harmonicMeanMIoU(MeanMode.ABSENT_AS_ZERO).value(), 0);
        assertEquals(List.of("hand", "half", "empty"), List.copyOf(d.datasets().keySet()));
        assertTrue(d.summary(MeanMode.NAN_EXCLUDED).contains("hand mIoU 45.00"));
        assertTrue(d.summary(MeanMode.NAN_EXCLUDED).contains("excluded, no value: empty"));
        assertThrows(IllegalArgumentException.class, () -> d.add("hand", d.get("half")));
        assertThrows(IllegalArgumentException.class, () -> d.get("voc"));
    }
}
