package org.gss.jobs.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A small line chart of the logged training metrics (token CE, pixel CE, token accuracy) as PNG bytes. */
final class TrainingCurve {
    record Point(int iteration, double tokenCe, double pixelCe, double tokenAcc) {
    }

    private TrainingCurve() {
    }

    static byte[] png(List<Point> points) throws IOException {
        int w = 720;
        int h = 360;
        int left = 56;
        int right = 56;
        int top = 30;
        int bottom = 40;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(left, top, w - left - right, h - top - bottom);
        g.drawString("training: token CE (blue), pixel CE (orange) left axis; token accuracy (green) right axis", left,
                18);
        if (points.size() >= 1) {
            int maxIt = Math.max(1, points.get(points.size() - 1).iteration());
            double maxCe = 1e-9;
            for (Point p : points) {
                maxCe = Math.max(maxCe, Math.max(p.tokenCe(), p.pixelCe()));
            }
            g.drawString("0", left - 10, h - bottom + 14);
            g.drawString(Integer.toString(maxIt), w - right - 20, h - bottom + 14);
            g.drawString(String.format(Locale.ROOT, "%.2f", maxCe), 4, top + 10);
            g.drawString("100%", w - right + 6, top + 10);
            g.drawString("iteration", w / 2 - 20, h - 8);
            series(g, points, 0, maxIt, maxCe, left, top, w - left - right, h - top - bottom, new Color(31, 119, 180));
            series(g, points, 1, maxIt, maxCe, left, top, w - left - right, h - top - bottom, new Color(255, 127, 14));
            series(g, points, 2, maxIt, 1.0, left, top, w - left - right, h - top - bottom, new Color(44, 160, 44));
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static void series(Graphics2D g, List<Point> pts, int which, int maxIt, double maxY, int x0, int y0, int pw,
            int ph, Color c) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (Point p : pts) {
            double v = which == 0 ? p.tokenCe() : which == 1 ? p.pixelCe() : p.tokenAcc() / 100; // acc in percent
            int x = x0 + (int) Math.round(pw * (double) p.iteration() / maxIt);
            int y = y0 + ph - (int) Math.round(ph * Math.min(1, v / maxY));
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            g.fillOval(x - 2, y - 2, 4, 4);
            px = x;
            py = y;
        }
    }
}
