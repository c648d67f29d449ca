package org.gss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TrainingCurveTest {
    @Test
    void ticksStepOneTwoFiveAndCoverTheMaximum() {
        assertArrayEquals(new double[] {0, 20, 40, 60, 80, 100, 120}, TrainingCurve.ticks(120), 1e-9);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, TrainingCurve.ticks(4.85), 1e-9);
        assertArrayEquals(new double[] {0, 0.5, 1.0, 1.5, 2.0, 2.5}, TrainingCurve.ticks(2.3), 1e-9);
        assertArrayEquals(new double[] {0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000}, TrainingCurve.ticks(8000),
                1e-9);
        assertArrayEquals(new double[] {0, 0.1, 0.2, 0.3, 0.4, 0.5}, TrainingCurve.ticks(0.42), 1e-9);
    }

    @Test
    void drawsSeriesGridAndLegend() throws Exception {
        List<TrainingCurve.Point> pts = new ArrayList<>();
        for (int it = 5; it <= 120; it += 5) {
            pts.add(new TrainingCurve.Point(it, 4.5 * Math.exp(-it / 60.0) + 0.8, 1.9 * Math.exp(-it / 40.0) + 0.4,
                    20 + 30 * (1 - Math.exp(-it / 50.0))));
        }
        byte[] png = TrainingCurve.png(pts, 18.5);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(800, img.getWidth());
        int blue = 0;
        int orange = 0;
        int green = 0;
        int grid = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                blue += rgb == 0x1f77b4 ? 1 : 0;
                orange += rgb == 0xff7f0e ? 1 : 0;
                green += rgb == 0x2ca02c ? 1 : 0;
                grid += rgb == 0xe1e1e1 ? 1 : 0;
            }
        }
        assertTrue(blue > 300 && orange > 300 && green > 300 && grid > 2000,
                "blue " + blue + " orange " + orange + " green " + green + " grid " + grid);
        // kept for a person to look at
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/training-curve-sample.png"), png);
    }
}
