package org.gss.model.layers;

import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One shifted-window transformer block (Swin; mmseg's {@code SwinBlock}) on an NCHW map:
 * <pre>
 *   x = x + proj(W-MSA(pad(LN1(x))))        windows of w×w tokens, relative position bias,
 *                                           cyclic shift by w/2 and the Swin mask when shifted
 *   x = x + fc2(GELU(fc1(LN2(x))))
 * </pre>
 * The map is zero-padded at the bottom/right to window multiples after LN1 (mmseg
 * {@code ShiftWindowMSA}); the shift mask is built on the padded size with mmseg's slices, masked
 * logits get −100. Linear weights use PyTorch's [out, in] layout; the bias table is
 * [(2w−1)², heads]. Weight decay applies to the four linear weight matrices only.
 */
public class SwinBlockLayer extends GssSameDiffLayer {

    public static final String NORM1_W = "norm1W";
    public static final String NORM1_B = "norm1B";
    public static final String QKV_W = "qkvW";
    public static final String QKV_B = "qkvB";
    public static final String TABLE = "rpbTable";
    public static final String PROJ_W = "projW";
    public static final String PROJ_B = "projB";
    public static final String NORM2_W = "norm2W";
    public static final String NORM2_B = "norm2B";
    public static final String FC1_W = "fc1W";
    public static final String FC1_B = "fc1B";
    public static final String FC2_W = "fc2W";
    public static final String FC2_B = "fc2B";

    static final double MASKED = -100.0;

    @JsonProperty("dim")
    private int dim;
    @JsonProperty("heads")
    private int heads;
    @JsonProperty("window")
    private int window;
    @JsonProperty("ffn")
    private int ffn;
    @JsonProperty("shifted")
    private boolean shifted;

    protected SwinBlockLayer() {
    }

    public SwinBlockLayer(int dim, int heads, int window, int ffn, boolean shifted) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("Swin block: dim " + dim + " is not divisible by heads " + heads);
        }
        if (window < 1 || ffn < 1) {
            throw new IllegalArgumentException("Swin block: window and ffn must be >= 1");
        }
        this.dim = dim;
        this.heads = heads;
        this.window = window;
        this.ffn = ffn;
        this.shifted = shifted;
    }

    public int shift() {
        return shifted ? window / 2 : 0;
    }

    public int dim() {
        return dim;
    }

    public int heads() {
        return heads;
    }

    public int window() {
        return window;
    }

    public int ffn() {
        return ffn;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        long[] s = x.getShape();
        int h = (int) s[2];
        int w = (int) s[3];
        int hp = roundUp(h, window);
        int wp = roundUp(w, window);
        int nh = hp / window;
        int nw = wp / window;
        int n = window * window;
        int hd = dim / heads;
        int shift = shift();
        DataType dt = x.dataType();

        SDVariable t = x.permute(0, 2, 3, 1); // [mb,H,W,C]
        SDVariable u = SdOps.layerNormLastAxis(t, p.get(NORM1_W), p.get(NORM1_B), 4);
        if (hp != h || wp != w) {
            INDArray pads = Nd4j.createFromArray(new int[][] {{0, 0}, {0, hp - h}, {0, wp - w}, {0, 0}});
            u = sd.nn().pad(u, sd.constant(pads), 0.0);
        }
        if (shift > 0) {
            u = SdOps.rollBack(sd, SdOps.rollBack(sd, u, 1, 4, hp, shift), 2, 4, wp, shift);
        }
        // window partition: [mb,Hp,Wp,C] -> [mb·nW·N, C], windows row-major, tokens row-major
        u = u.reshape(-1, nh, window, nw, window, dim).permute(0, 1, 3, 2, 4, 5).reshape(-1, dim);

        SDVariable qkv = SdOps.linear(sd, u, p.get(QKV_W), p.get(QKV_B)); // [B'·N, 3C]
        SDVariable q = heads(qkv, 0, n, hd).mul(1.0 / Math.sqrt(hd));
        SDVariable k = heads(qkv, 1, n, hd);
        SDVariable v = heads(qkv, 2, n, hd);
        SDVariable attn = sd.linalg().mmul(q, k, false, true, false); // [B', heads, N, N]

        SDVariable oneHot = sd.constant(relativePositionOneHot(window, dt));
        SDVariable bias = sd.linalg().mmul(p.get(TABLE), oneHot, true, false, false).reshape(1, heads, n, n);
        attn = attn.add(bias);
        if (shift > 0) {
            SDVariable m = sd.constant(shiftMask(hp, wp, window, shift, dt).reshape(1, nh * nw, 1, n, n));
            attn = attn.reshape(-1, nh * nw, heads, n, n).add(m).reshape(-1, heads, n, n);
        }
        attn = sd.nn().softmax(attn, 3);
        SDVariable o = sd.linalg().mmul(attn, v).permute(0, 2, 1, 3).reshape(-1, dim); // [B'·N, C]
        o = SdOps.linear(sd, o, p.get(PROJ_W), p.get(PROJ_B));
        // window reverse
        o = o.reshape(-1, nh, nw, window, window, dim).permute(0, 1, 3, 2, 4, 5).reshape(-1, hp, wp, dim);
        if (shift > 0) {
            o = SdOps.rollBack(sd, SdOps.rollBack(sd, o, 1, 4, hp, hp - shift), 2, 4, wp, wp - shift);
        }
        if (hp != h) {
            o = SdOps.crop(o, 1, 4, 0, h);
        }
        if (wp != w) {
            o = SdOps.crop(o, 2, 4, 0, w);
        }
        t = t.add(o);

        SDVariable f = SdOps.layerNormLastAxis(t, p.get(NORM2_W), p.get(NORM2_B), 4).reshape(-1, dim);
        f = SdOps.gelu(sd, SdOps.linear(sd, f, p.get(FC1_W), p.get(FC1_B)));
        f = SdOps.linear(sd, f, p.get(FC2_W), p.get(FC2_B)).reshape(-1, h, w, dim);
        t = t.add(f);
        return t.permute(0, 3, 1, 2);
    }

    /** Columns {@code part}·C … (part+1)·C of the qkv projection as [B', heads, N, hd]. */
    private SDVariable heads(SDVariable qkv, int part, int n, int hd) {
        SDVariable cols = SdOps.crop(qkv, 1, 2, (long) part * dim, (long) (part + 1) * dim);
        return cols.reshape(-1, n, heads, hd).permute(0, 2, 1, 3);
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    /**
     * Relative position index of Swin: for tokens a=(ha,wa), b=(hb,wb) of a w×w window,
     * (ha−hb+w−1)·(2w−1) + (wa−wb+w−1).
     */
    public static int[][] relativePositionIndex(int window) {
        int n = window * window;
        int[][] idx = new int[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                int dh = a / window - b / window + window - 1;
                int dw = a % window - b % window + window - 1;
                idx[a][b] = dh * (2 * window - 1) + dw;
            }
        }
        return idx;
    }

    /** [T, N·N] one-hot of the relative position index: tableᵀ · this gathers the bias per head. */
    static INDArray relativePositionOneHot(int window, DataType dt) {
        int n = window * window;
        int t = (2 * window - 1) * (2 * window - 1);
        int[][] idx = relativePositionIndex(window);
        INDArray oneHot = Nd4j.zeros(dt, t, (long) n * n);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                oneHot.putScalar(idx[a][b], (long) a * n + b, 1.0);
            }
        }
        return oneHot;
    }

    /**
     * The attention mask of shifted windows, [nW, N, N]: 0 where both tokens come from the same
     * region of the rolled map, −100 otherwise (regions as mmseg's slices (0,−w), (−w,−s), (−s,∞)
     * along each axis of the padded map).
     */
    public static INDArray shiftMask(int hp, int wp, int window, int shift, DataType dt) {
        int[][] region = new int[hp][wp];
        for (int i = 0; i < hp; i++) {
            for (int j = 0; j < wp; j++) {
                region[i][j] = band(i, hp, window, shift) * 3 + band(j, wp, window, shift);
            }
        }
        int nh = hp / window;
        int nw = wp / window;
        int n = window * window;
        INDArray mask = Nd4j.zeros(dt, (long) nh * nw, n, n);
        for (int wi = 0; wi < nh; wi++) {
            for (int wj = 0; wj < nw; wj++) {
                for (int a = 0; a < n; a++) {
                    int ra = region[wi * window + a / window][wj * window + a % window];
                    for (int b = 0; b < n; b++) {
                        int rb = region[wi * window + b / window][wj * window + b % window];
                        if (ra != rb) {
                            mask.putScalar(new long[] {(long) wi * nw + wj, a, b}, MASKED);
                        }
                    }
                }
            }
        }
        return mask;
    }

    private static int band(int i, int size, int window, int shift) {
        if (i < size - window) {
            return 0;
        }
        return i < size - shift ? 1 : 2;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return checkInput(inputType, dim);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        int t = (2 * window - 1) * (2 * window - 1);
        params.addBiasParam(NORM1_W, dim);
        params.addBiasParam(NORM1_B, dim);
        params.addWeightParam(QKV_W, 3L * dim, dim);
        params.addBiasParam(QKV_B, 3L * dim);
        params.addWeightParam(TABLE, t, heads);
        params.addWeightParam(PROJ_W, dim, dim);
        params.addBiasParam(PROJ_B, dim);
        params.addBiasParam(NORM2_W, dim);
        params.addBiasParam(NORM2_B, dim);
        params.addWeightParam(FC1_W, ffn, dim);
        params.addBiasParam(FC1_B, ffn);
        params.addWeightParam(FC2_W, dim, ffn);
        params.addBiasParam(FC2_B, dim);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            switch (e.getKey()) {
                case NORM1_W, NORM2_W -> e.getValue().assign(1.0);
                case QKV_W, PROJ_W, FC1_W, FC2_W, TABLE -> truncatedNormal(e.getValue(), 0.02);
                default -> e.getValue().assign(0.0);
            }
        }
    }

    @Override
    public Set<String> decayedParams() {
        return Set.of(QKV_W, PROJ_W, FC1_W, FC2_W);
    }

    /** mmseg's {@code SwinBlock} names: {@code norm1.weight}, {@code attn.w_msa.relative_position_bias_table}, … */
    @Override
    public String referenceParamName(String paramName) {
        return switch (paramName) {
            case NORM1_W -> "norm1.weight";
            case NORM1_B -> "norm1.bias";
            case QKV_W -> "attn.w_msa.qkv.weight";
            case QKV_B -> "attn.w_msa.qkv.bias";
            case TABLE -> "attn.w_msa.relative_position_bias_table";
            case PROJ_W -> "attn.w_msa.proj.weight";
            case PROJ_B -> "attn.w_msa.proj.bias";
            case NORM2_W -> "norm2.weight";
            case NORM2_B -> "norm2.bias";
            case FC1_W -> "ffn.layers.0.0.weight";
            case FC1_B -> "ffn.layers.0.0.bias";
            case FC2_W -> "ffn.layers.1.weight";
            case FC2_B -> "ffn.layers.1.bias";
            default -> paramName;
        };
    }

    @Override
    protected Object[] settings() {
        return new Object[] {dim, heads, window, ffn, shifted};
    }
}
