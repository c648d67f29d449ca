package org.gss.model.layers;

import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A plain-loop Swin block (mmseg semantics) used to check {@link SwinBlockLayer}: explicit indices
 * for padding, the cyclic roll, windows, heads and the relative position bias; no reshapes.
 */
final class SwinReference {

    private SwinReference() {
    }

    static INDArray forward(INDArray x, Map<String, INDArray> p, int heads, int w, int shift) {
        int mb = (int) x.size(0);
        int dim = (int) x.size(1);
        int h = (int) x.size(2);
        int wd = (int) x.size(3);
        int hp = (h + w - 1) / w * w;
        int wp = (wd + w - 1) / w * w;
        int hd = dim / heads;
        int n = w * w;
        double[][] qkvW = p.get(SwinBlockLayer.QKV_W).toDoubleMatrix();
        double[] qkvB = p.get(SwinBlockLayer.QKV_B).toDoubleVector();
        double[][] table = p.get(SwinBlockLayer.TABLE).toDoubleMatrix();
        double[][] projW = p.get(SwinBlockLayer.PROJ_W).toDoubleMatrix();
        double[] projB = p.get(SwinBlockLayer.PROJ_B).toDoubleVector();
        double[][] fc1W = p.get(SwinBlockLayer.FC1_W).toDoubleMatrix();
        double[] fc1B = p.get(SwinBlockLayer.FC1_B).toDoubleVector();
        double[][] fc2W = p.get(SwinBlockLayer.FC2_W).toDoubleMatrix();
        double[] fc2B = p.get(SwinBlockLayer.FC2_B).toDoubleVector();
        double[] n1w = p.get(SwinBlockLayer.NORM1_W).toDoubleVector();
        double[] n1b = p.get(SwinBlockLayer.NORM1_B).toDoubleVector();
        double[] n2w = p.get(SwinBlockLayer.NORM2_W).toDoubleVector();
        double[] n2b = p.get(SwinBlockLayer.NORM2_B).toDoubleVector();

        INDArray out = Nd4j.create(DataType.DOUBLE, mb, dim, h, wd);
        for (int b = 0; b < mb; b++) {
            double[][][] t = new double[h][wd][dim];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < wd; j++) {
                    for (int c = 0; c < dim; c++) {
                        t[i][j][c] = x.getDouble(b, c, i, j);
                    }
                }
            }
            double[][][] padded = new double[hp][wp][dim];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < wd; j++) {
                    padded[i][j] = layerNorm(t[i][j], n1w, n1b);
                }
            }
            // rolled[i][j] = padded[(i+s)%Hp][(j+s)%Wp]  (torch.roll by -s)
            double[][][] attnOutRolled = new double[hp][wp][];
            for (int wi = 0; wi < hp / w; wi++) {
                for (int wj = 0; wj < wp / w; wj++) {
                    double[][] tok = new double[n][];
                    int[] region = new int[n];
                    for (int a = 0; a < n; a++) {
                        int ri = wi * w + a / w;
                        int rj = wj * w + a % w;
                        tok[a] = padded[(ri + shift) % hp][(rj + shift) % wp];
                        region[a] = band(ri, hp, w, shift) * 3 + band(rj, wp, w, shift);
                    }
                    double[][] qkv = new double[n][];
                    for (int a = 0; a < n; a++) {
                        qkv[a] = linear(tok[a], qkvW, qkvB);
                    }
                    double[][] merged = new double[n][dim];
                    for (int head = 0; head < heads; head++) {
                        for (int a = 0; a < n; a++) {
                            double[] logits = new double[n];
                            double max = Double.NEGATIVE_INFINITY;
                            for (int c = 0; c < n; c++) {
                                double dot = 0;
                                for (int d = 0; d < hd; d++) {
                                    dot += qkv[a][head * hd + d] / Math.sqrt(hd) * qkv[c][dim + head * hd + d];
                                }
                                int dh = a / w - c / w + w - 1;
                                int dw = a % w - c % w + w - 1;
                                dot += table[dh * (2 * w - 1) + dw][head];
                                if (shift > 0 && region[a] != region[c]) {
                                    dot += -100.0;
                                }
                                logits[c] = dot;
                                max = Math.max(max, dot);
                            }
                            double sum = 0;
                            for (int c = 0; c < n; c++) {
                                logits[c] = Math.exp(logits[c] - max);
                                sum += logits[c];
                            }
                            for (int c = 0; c < n; c++) {
                                for (int d = 0; d < hd; d++) {
                                    merged[a][head * hd + d] += logits[c] / sum * qkv[c][2 * dim + head * hd + d];
                                }
                            }
                        }
                    }
                    for (int a = 0; a < n; a++) {
                        attnOutRolled[wi * w + a / w][wj * w + a % w] = linear(merged[a], projW, projB);
                    }
                }
            }
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < wd; j++) {
                    // roll back by +s: result[i][j] = rolled[(i-s) mod Hp][(j-s) mod Wp]
                    double[] o = attnOutRolled[Math.floorMod(i - shift, hp)][Math.floorMod(j - shift, wp)];
                    double[] r = new double[dim];
                    for (int c = 0; c < dim; c++) {
                        r[c] = t[i][j][c] + o[c];
                    }
                    double[] f = linear(gelu(linear(layerNorm(r, n2w, n2b), fc1W, fc1B)), fc2W, fc2B);
                    for (int c = 0; c < dim; c++) {
                        out.putScalar(new long[] {b, c, i, j}, r[c] + f[c]);
                    }
                }
            }
        }
        return out;
    }

    private static int band(int i, int size, int w, int shift) {
        return i < size - w ? 0 : i < size - shift ? 1 : 2;
    }

    private static double[] layerNorm(double[] v, double[] g, double[] b) {
        double mean = 0;
        for (double d : v) {
            mean += d / v.length;
        }
        double var = 0;
        for (double d : v) {
            var += (d - mean) * (d - mean) / v.length;
        }
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (v[i] - mean) / Math.sqrt(var + 1e-5) * g[i] + b[i];
        }
        return r;
    }

    private static double[] linear(double[] v, double[][] w, double[] b) {
        double[] r = new double[w.length];
        for (int o = 0; o < w.length; o++) {
            double s = b[o];
            for (int i = 0; i < v.length; i++) {
                s += w[o][i] * v[i];
            }
            r[o] = s;
        }
        return r;
    }

    private static double[] gelu(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = 0.5 * v[i] * (1 + erf(v[i] / Math.sqrt(2)));
        }
        return r;
    }

    /** erf by its Taylor series (|x| < 5 here; double precision to ~1e-15 for |x| < 3). */
    static double erf(double x) {
        if (Math.abs(x) > 5) {
            return Math.signum(x);
        }
        double sum = 0;
        double term = x;
        for (int k = 0; k < 200; k++) {
            double add = term / (2 * k + 1);
            sum += add;
            if (Math.abs(add) < 1e-17) {
                break;
            }
            term *= -x * x / (k + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
