package org.gss.jobs.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.gss.data.log.ProgressLine;

/**
 * The training curve as a PNG: the held-out metrics logged during training (token CE and pixel CE on the left axis,
 * token accuracy and the majority-token baseline on the right), with ticks, a grid, a legend and the latest values in
 * the title.
 */
final class TrainingCurve {
    record Point(int iteration, double tokenCe, double pixelCe, double tokenAcc) {
    }

    private static final Color TOKEN_CE = new Color(31, 119, 180);
    private static final Color PIXEL_CE = new Color(255, 127, 14);
    private static final Color ACCURACY = new Color(44, 160, 44);
    private static final Color GRID = new Color(225, 225, 225);
    private static final int W = 800;
    private static final int H = 420;
    private static final int LEFT = 64;
    private static final int RIGHT = 64;
    private static final int TOP = 56;
    private static final int BOTTOM = 48;

    private TrainingCurve() {
    }

    static byte[] png(List<Point> points) throws IOException {
        return png(points, Double.NaN);
    }

    /** @param majorityAcc token accuracy (%) of always predicting the most frequent token; NaN = not drawn */
    static byte[] png(List<Point> points, double majorityAcc) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString("Training on held-out crops", LEFT, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        if (!points.isEmpty()) {
            Point last = points.get(points.size() - 1);
            g.drawString(String.format(Locale.ROOT, "iteration %d: token CE %s, pixel CE %s, token accuracy %.1f%%%s",
                    last.iteration(), ProgressLine.number(last.tokenCe()), ProgressLine.number(last.pixelCe()),
                    last.tokenAcc(), Double.isNaN(majorityAcc) ? ""
                            : String.format(Locale.ROOT, " (majority token %.1f%%)", majorityAcc)), LEFT, 38);
        }
        int maxIt = points.isEmpty() ? 1 : Math.max(1, points.get(points.size() - 1).iteration());
        double maxCe = 0;
        for (Point p : points) {
            maxCe = Math.max(maxCe, Math.max(p.tokenCe(), p.pixelCe()));
        }
        double[] xTicks = ticks(maxIt);
        double[] ceTicks = ticks(maxCe > 0 ? maxCe : 1);
        double xMax = xTicks[xTicks.length - 1];
        double ceMax = ceTicks[ceTicks.length - 1];
        FontMetrics fm = g.getFontMetrics();
        // grid and ticks: iterations below, CE on the left, accuracy (0..100 %) on the right
        for (double t : xTicks) {
            int x = LEFT + (int) Math.round(pw * t / xMax);
            g.setColor(GRID);
            g.drawLine(x, TOP, x, TOP + ph);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(x, TOP + ph, x, TOP + ph + 4);
            String s = label(t);
            g.drawString(s, x - fm.stringWidth(s) / 2, TOP + ph + 18);
        }
        for (double t : ceTicks) {
            int y = TOP + ph - (int) Math.round(ph * t / ceMax);
            g.setColor(GRID);
            g.drawLine(LEFT, y, LEFT + pw, y);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(LEFT - 4, y, LEFT, y);
            String s = label(t);
            g.drawString(s, LEFT - 8 - fm.stringWidth(s), y + 4);
        }
        for (int pct = 0; pct <= 100; pct += 20) {
            int y = TOP + ph - (int) Math.round(ph * pct / 100.0);
            g.drawLine(LEFT + pw, y, LEFT + pw + 4, y);
            g.drawString(pct + "%", LEFT + pw + 8, y + 4);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, pw, ph);
        String xName = "iteration";
        g.drawString(xName, LEFT + pw / 2 - fm.stringWidth(xName) / 2, H - 10);
        vertical(g, "cross-entropy (nats)", 16, TOP + ph / 2);
        vertical(g, "token accuracy", W - 8, TOP + ph / 2);
        if (!Double.isNaN(majorityAcc)) {
            int y = TOP + ph - (int) Math.round(ph * Math.min(1, majorityAcc / 100));
            Stroke old = g.getStroke();
            g.setColor(ACCURACY);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4},
                    0));
            g.drawLine(LEFT, y, LEFT + pw, y);
            g.setStroke(old);
        }
        series(g, points, 0, xMax, ceMax, pw, ph, TOKEN_CE);
        series(g, points, 1, xMax, ceMax, pw, ph, PIXEL_CE);
        series(g, points, 2, xMax, 1.0, pw, ph, ACCURACY);
        legend(g, majorityAcc, pw);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Tick values 0, step, 2·step, ... covering {@code max}: the smallest 1-2-5 step with at most 8 steps. */
    static double[] ticks(double max) {
        double raw = max / 8;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            double t = i * step;
            out.add(t);
            if (t >= max - 1e-12) {
                break;
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String label(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v)
                : java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(6)).stripTrailingZeros()
                        .toPlainString();
    }

    private static void vertical(Graphics2D g, String s, int x, int yCentre) {
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2, x, yCentre);
        r.setColor(Color.DARK_GRAY);
        r.drawString(s, x - r.getFontMetrics().stringWidth(s) / 2, yCentre);
        r.dispose();
    }

    private static void legend(Graphics2D g, double majorityAcc, int pw) {
        String[] names = {"token CE (left)", "pixel CE (left)", "token accuracy (right)", "majority token (right)"};
        Color[] colours = {TOKEN_CE, PIXEL_CE, ACCURACY, ACCURACY};
        int n = Double.isNaN(majorityAcc) ? 3 : 4;
        FontMetrics fm = g.getFontMetrics();
        int width = 0;
        for (int i = 0; i < n; i++) {
            width = Math.max(width, fm.stringWidth(names[i]));
        }
        int x = LEFT + pw - width - 40;
        int y = TOP + 8;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(x, y, width + 34, n * 16 + 8);
        g.setColor(Color.GRAY);
        g.drawRect(x, y, width + 34, n * 16 + 8);
        for (int i = 0; i < n; i++) {
            int ly = y + 14 + i * 16;
            g.setColor(colours[i]);
            Stroke old = g.getStroke();
            g.setStroke(i == 3 ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {6, 4}, 0) : new BasicStroke(2f));
            g.drawLine(x + 6, ly - 4, x + 26, ly - 4);
            g.setStroke(old);
            g.setColor(Color.BLACK);
            g.drawString(names[i], x + 30, ly);
        }
    }

    private static void series(Graphics2D g, List<Point> pts, int which, double maxX, double maxY, int pw, int ph,
            Color c) {
        g.setColor(c);
        Stroke old = g.getStroke();
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (Point p : pts) {
            double v = which == 0 ? p.tokenCe() : which == 1 ? p.pixelCe() : p.tokenAcc() / 100; // acc in percent
            int x = LEFT + (int) Math.round(pw * p.iteration() / maxX);
            int y = TOP + ph - (int) Math.round(ph * Math.max(0, Math.min(1, v / maxY)));
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            g.fillOval(x - 3, y - 3, 6, 6);
            px = x;
            py = y;
        }
        g.setStroke(old);
    }
}
