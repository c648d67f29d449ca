package org.gss.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.gss.config.ConfigError;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.label.Ade20kLabels;
import org.gss.data.label.CityscapesLabels;

/**
 * Display colours of label ids (packed 0xRRGGBB, index = class id): the dataset's own palette where one is shipped
 * (Cityscapes trainIds, ADE20K's mmseg palette), a file of {@code r g b} lines (e.g. an MSeg {@code *_colors.txt}),
 * or generated distinct colours. Ignore (255) is black; other ids without a colour are magenta, so they stand out.
 */
public final class LabelPalette {
    public static final int IGNORE_COLOR = 0x000000;
    public static final int UNKNOWN_COLOR = 0xFF00FF;

    private LabelPalette() {
    }

    /**
     * The palette named by {@code spec}: {@code cityscapes}, {@code ade20k}, {@code generated}, {@code auto} (by the
     * dataset layout: cityscapes, ade20k, else generated) or a file path/URI.
     *
     * @param k number of classes the palette must cover
     */
    public static int[] resolve(String spec, String layout, int k, Configuration conf) {
        String s = spec.equals("auto") ? switch (layout) {
            case "cityscapes" -> k == CityscapesLabels.NUM_TRAIN_CLASSES ? "cityscapes" : "generated";
            case "ade20k" -> k == Ade20kLabels.NUM_CLASSES ? "ade20k" : "generated";
            default -> "generated";
        } : spec;
        int[] colors = switch (s) {
            case "cityscapes" -> CityscapesLabels.official().trainColors();
            case "ade20k" -> Ade20kLabels.get().colors();
            case "generated" -> generated(k);
            default -> fromFile(s, conf);
        };
        if (colors.length < k) {
            throw new ConfigError("palette " + spec + " has " + colors.length + " colours but the dataset has " + k
                    + " classes");
        }
        return colors;
    }

    /** {@code r g b} per line (0..255, separated by spaces, tabs or commas); blank lines and # comments skipped. */
    static int[] fromFile(String location, Configuration conf) {
        String text = new String(HadoopFiles.readAllBytes(location, conf), StandardCharsets.UTF_8);
        List<Integer> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] p = line.split("[\\s,]+");
            if (p.length != 3) {
                throw new ConfigError("palette file " + location + " line " + (n + 1) + ": expected 'r g b', got '"
                        + line + "'");
            }
            int rgb = 0;
            for (String v : p) {
                int c;
                try {
                    c = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    c = -1;
                }
                if (c < 0 || c > 255) {
                    throw new ConfigError("palette file " + location + " line " + (n + 1) + ": '" + v
                            + "' is not a colour value 0..255");
                }
                rgb = (rgb << 8) | c;
            }
            out.add(rgb);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * k well-separated colours: hues stepped by the golden angle, with lightness and saturation alternating in three
     * bands, so neighbouring ids never look alike. Deterministic.
     */
    public static int[] generated(int k) {
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            double hue = (i * 137.50776405) % 360.0;
            double sat = new double[] {0.85, 0.6, 0.95}[i % 3];
            double val = new double[] {0.95, 0.75, 0.55}[(i / 3) % 3];
            out[i] = hsv(hue, sat, val);
        }
        return out;
    }

    private static int hsv(double h, double s, double v) {
        double c = v * s;
        double x = c * (1 - Math.abs((h / 60.0) % 2 - 1));
        double m = v - c;
        double r;
        double g;
        double b;
        int sector = (int) (h / 60.0) % 6;
        switch (sector) {
            case 0 -> { r = c; g = x; b = 0; }
            case 1 -> { r = x; g = c; b = 0; }
            case 2 -> { r = 0; g = c; b = x; }
            case 3 -> { r = 0; g = x; b = c; }
            case 4 -> { r = x; g = 0; b = c; }
            default -> { r = c; g = 0; b = x; }
        }
        return (channel(r + m) << 16) | (channel(g + m) << 8) | channel(b + m);
    }

    private static int channel(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }

    /** The colour of one id under a palette. */
    public static int colorOf(int[] palette, int id) {
        if (id == LabelMap.IGNORE) {
            return IGNORE_COLOR;
        }
        return id < palette.length ? palette[id] : UNKNOWN_COLOR;
    }

    /** A label map painted in a palette. */
    public static RgbImage colorize(LabelMap labels, int[] palette) {
        int[] lut = new int[256];
        for (int id = 0; id < 256; id++) {
            lut[id] = colorOf(palette, id);
        }
        byte[] ids = labels.ids();
        byte[] rgb = new byte[ids.length * 3];
        for (int i = 0; i < ids.length; i++) {
            int c = lut[ids[i] & 0xFF];
            rgb[3 * i] = (byte) (c >> 16);
            rgb[3 * i + 1] = (byte) (c >> 8);
            rgb[3 * i + 2] = (byte) c;
        }
        return new RgbImage(labels.width(), labels.height(), rgb);
    }

    /** CSS form of a packed colour, e.g. {@code #80407f}. */
    public static String css(int rgb) {
        return String.format("#%06x", rgb & 0xFFFFFF);
    }
}
