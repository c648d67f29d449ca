package org.gss.jobs.eval;

import java.io.Serializable;
import org.gss.data.image.LabelMap;

/**
 * The image-blind baseline: one class per cell of a G×G grid over relative image coordinates (the most frequent
 * training class there). Its "prediction" for any W×H image ignores the pixels.
 *
 * @param images training label maps it was counted from
 */
public record PositionPrior(int grid, byte[] cells, long images) implements Serializable {
    public LabelMap predict(int width, int height) {
        byte[] out = new byte[width * height];
        int[] cellX = new int[width];
        for (int x = 0; x < width; x++) {
            cellX[x] = (int) ((long) x * grid / width);
        }
        for (int y = 0; y < height; y++) {
            int rowBase = (int) ((long) y * grid / height) * grid;
            for (int x = 0; x < width; x++) {
                out[y * width + x] = cells[rowBase + cellX[x]];
            }
        }
        return new LabelMap(width, height, out);
    }
}
