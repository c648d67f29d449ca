package org.gss.report;

import java.io.Serializable;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;

/**
 * One qualitative sample of a report: the image, its ground truth and the prediction, already downscaled to panel size
 * (labels in the scored taxonomy, so they colour with the dataset's palette). Holds plain arrays so it can travel
 * from executors (the image records themselves are not serializable).
 */
public record Panel(String sampleId, int width, int height, byte[] rgb, byte[] gtIds, byte[] predIds)
        implements Serializable {
    public Panel {
        if (rgb.length != width * height * 3 || gtIds.length != width * height || predIds.length != width * height) {
            throw new IllegalArgumentException("panel " + sampleId + ": image, ground truth and prediction sizes differ");
        }
    }

    public static Panel of(String sampleId, RgbImage image, LabelMap groundTruth, LabelMap prediction) {
        if (image.width() != groundTruth.width() || image.height() != groundTruth.height()
                || image.width() != prediction.width() || image.height() != prediction.height()) {
            throw new IllegalArgumentException("panel " + sampleId + ": image, ground truth and prediction sizes differ");
        }
        return new Panel(sampleId, image.width(), image.height(), image.rgb(), groundTruth.ids(), prediction.ids());
    }

    public RgbImage image() {
        return new RgbImage(width, height, rgb);
    }

    public LabelMap groundTruth() {
        return new LabelMap(width, height, gtIds);
    }

    public LabelMap prediction() {
        return new LabelMap(width, height, predIds);
    }
}
