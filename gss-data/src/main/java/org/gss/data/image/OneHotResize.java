package org.gss.data.image;

/**
 * Resizes a label map the way the reference GSS head does before painting and encoding it: one-hot over
 * the K classes plus one channel for {@link LabelMap#IGNORE}, bilinear interpolation with half-pixel
 * centres (PyTorch {@code align_corners=False}), argmax (the lowest channel wins a tie; the ignore channel
 * is last), ignore mapped back to 255.
 */
public final class OneHotResize {

    private OneHotResize() {
    }

    /** {@code labels} (ids in [0, classes) or 255) resized to {@code width}×{@code height}. */
    public static LabelMap resize(LabelMap labels, int classes, int width, int height) {
        if (classes < 1 || classes >= LabelMap.IGNORE) {
            throw new IllegalArgumentException("classes must be in [1, 255), got " + classes);
        }
        int[][] xs = taps(labels.width(), width);
        double[][] xw = weights(labels.width(), width);
        int[][] ys = taps(labels.height(), height);
        double[][] yw = weights(labels.height(), height);
        double[] votes = new double[classes + 1];
        byte[] out = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                java.util.Arrays.fill(votes, 0.0);
                for (int a = 0; a < 2; a++) {
                    for (int b = 0; b < 2; b++) {
                        int id = labels.get(xs[x][b], ys[y][a]);
                        int channel = id == LabelMap.IGNORE ? classes : id;
                        if (channel > classes) {
                            throw new IllegalArgumentException("label " + id + " outside [0, " + classes + ") and not 255");
                        }
                        votes[channel] += yw[y][a] * xw[x][b];
                    }
                }
                int best = 0;
                for (int c = 1; c <= classes; c++) {
                    if (votes[c] > votes[best]) {
                        best = c;
                    }
                }
                out[y * width + x] = (byte) (best == classes ? LabelMap.IGNORE : best);
            }
        }
        return new LabelMap(width, height, out);
    }

    /** The two source indices of each output index (PyTorch's bilinear, align_corners=False). */
    private static int[][] taps(int in, int out) {
        int[][] t = new int[out][2];
        double scale = (double) in / out;
        for (int d = 0; d < out; d++) {
            double src = Math.max((d + 0.5) * scale - 0.5, 0.0);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            t[d][0] = i0;
            t[d][1] = Math.min(i0 + 1, in - 1);
        }
        return t;
    }

    private static double[][] weights(int in, int out) {
        double[][] w = new double[out][2];
        double scale = (double) in / out;
        for (int d = 0; d < out; d++) {
            double src = Math.max((d + 0.5) * scale - 0.5, 0.0);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            double l1 = src - i0;
            w[d][0] = 1.0 - l1;
            w[d][1] = l1;
        }
        return w;
    }
}
