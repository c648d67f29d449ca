package org.gss.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The real Cityscapes sample: ground truth = labelIds mapped to trainIds, "prediction" = the independently resized
 * labelTrainIds file. They differ on 77 of 32,768 pixels (testdata/cityscapes/README.md), and mmseg scores the pair
 * at mIoU 98.60.
 */
class CityscapesMetricsTest {
    private static final String DIR = "cityscapes/gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_";

    @Test
    void labelTrainIdsScoredAgainstLabelIdsGiveMmsegMiou() throws Exception {
        CityscapesCsvTrainIdsForTest table =
                new CityscapesCsvTrainIdsForTest(SharedData.data("cityscapes/cityscapes_labels.csv"));
        LabelMap gt = table.toTrainIds(read(DIR + "labelIds.png"));
        LabelMap pred = read(DIR + "labelTrainIds.png");
        int differing = 0;
        for (int i = 0; i < gt.size(); i++) {
            differing += gt.at(i) != pred.at(i) ? 1 : 0;
        }
        assertEquals(77, differing, "the CSV mapping reproduces the README's pixel difference count");

        ConfusionMatrix cm = new ConfusionMatrix(19);
        cm.accumulate(gt, pred, DIR + "labelIds.png");
        SegmentationMetrics m = SegmentationMetrics.from(cm);
        assertEquals(98.60, m.mIoU(), 0.005);
        assertEquals(10, m.presentClasses(), "trainIds present in the README: 0 1 2 4 5 7 8 10 11 13");
    }

    private static LabelMap read(String relative) throws Exception {
        Path p = SharedData.data(relative);
        return ImageCodec.decodeLabel(Files.readAllBytes(p), p.toString());
    }
}
