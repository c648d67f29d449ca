package org.gss.maskige;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.gss.io.NpzCheckpoint;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * GSS-FT's trainable inverse X⁻¹ (paper §3.3, Table 1; appendix D(iii)): a small CNN, 1×1 conv → ReLU → 3×3 conv →
 * ReLU → 1×1 conv to K class scores, argmax per pixel. It is trained ({@code org.gss.tokenizer.ft.FtTrainer}) with cross-entropy on maskiges
 * that went through a tokenizer (encode → decode), with Gaussian noise added, so it learns the tokenizer's systematic
 * colour errors and tolerates noise that pushes a pixel nearer another class's colour, where nearest-colour decoding
 * fails. The input is the decoded maskige in [0, 1], scaled to [−1, 1] inside.
 *
 * <p>Inference is eager ND4J (NHWC convs); immutable and thread-safe. Saved as one {@link NpzCheckpoint} file.
 */
public final class FtInverse implements Inverse, Serializable {
    private static final long serialVersionUID = 1L;
    static final String FORMAT = "gss-ft-inverse";
    static final int FORMAT_VERSION = 1;

    private final FtConfig config;
    private final Map<String, float[]> weights; // file layout (OIHW), flattened: serializable for Spark tasks
    private final Map<String, String> provenance;
    private transient volatile Convs convs;

    FtInverse(FtConfig config, Map<String, INDArray> fileParams, Map<String, String> provenance, String source) {
        check(config, fileParams, source);
        this.config = config;
        Map<String, float[]> w = new LinkedHashMap<>();
        fileParams.forEach((k, v) -> w.put(k, v.castTo(DataType.FLOAT).dup('c').data().asFloat()));
        this.weights = Collections.unmodifiableMap(w);
        this.provenance = Map.copyOf(provenance);
    }

    /**
     * An inverse from its weights in file layout (OIHW, as {@link #save} writes them and {@code FtTrainer} trains
     * them); wrong names or shapes are a BadInputException naming {@code source}.
     */
    public static FtInverse of(FtConfig config, Map<String, INDArray> fileParams, Map<String, String> provenance,
            String source) {
        return new FtInverse(config, fileParams, provenance, source);
    }

    /** Reads a checkpoint written by {@link #save}; a missing or malformed file is a BadInputException naming it. */
    public static FtInverse load(Path file) {
        return NpzCheckpoint.load(file, FORMAT, FORMAT_VERSION, (h, tensors) -> new FtInverse(new FtConfig(
                h.model().path("classes").asInt(), h.model().path("width1").asInt(), h.model().path("width2").asInt()),
                tensors, h.provenance(), file.toString()));
    }

    /** Writes config, provenance and weights to one .npz file, atomically. */
    public void save(Path file) {
        NpzCheckpoint.write(file, NpzCheckpoint.header(FORMAT, FORMAT_VERSION, m -> {
            m.put("classes", config.classes());
            m.put("width1", config.width1());
            m.put("width2", config.width2());
            m.put("input", "decoded maskige in [0,1], scaled to 2x-1; NHWC convs 1x1, 3x3 (zero padding 1), 1x1");
        }, provenance), fileParams());
    }

    public FtConfig config() {
        return config;
    }

    public Map<String, String> provenance() {
        return provenance;
    }

    @Override
    public int numClasses() {
        return config.classes();
    }

    @Override
    public LabelMap invert(float[] chw, int offset, int height, int width) {
        int n = 3 * height * width;
        if (offset < 0 || (long) offset + n > chw.length) {
            throw new IllegalArgumentException("maskige of " + width + "x" + height + " at offset " + offset
                    + " does not fit in an array of " + chw.length + " floats");
        }
        INDArray x = Nd4j.create(Arrays.copyOfRange(chw, offset, offset + n), new long[] {1, 3, height, width}, 'c');
        return invert(x)[0];
    }

    @Override
    public LabelMap[] invert(INDArray nchw) {
        if (nchw.rank() != 4 || nchw.size(1) != 3) {
            throw new IllegalArgumentException("expected a [n,3,H,W] maskige array, got shape "
                    + Arrays.toString(nchw.shape()));
        }
        INDArray logits = logits(nchw);
        int n = (int) nchw.size(0);
        int h = (int) nchw.size(2);
        int w = (int) nchw.size(3);
        int[] ids = Nd4j.argMax(logits, 3).castTo(DataType.INT).dup('c').data().asInt();
        logits.close();
        LabelMap[] out = new LabelMap[n];
        for (int b = 0; b < n; b++) {
            byte[] px = new byte[h * w];
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) ids[b * h * w + i];
            }
            out[b] = new LabelMap(w, h, px);
        }
        return out;
    }

    /** Class scores, NHWC {@code [n, H, W, K]}, of a [0, 1] NCHW maskige batch. */
    public INDArray logits(INDArray nchw) {
        Convs c = convs();
        INDArray x = nchw.castTo(DataType.FLOAT).permute(0, 2, 3, 1).dup('c').muli(2).subi(1);
        INDArray h1 = Transforms.relu(c.apply(0, x), false);
        x.close();
        INDArray h2 = Transforms.relu(c.apply(1, h1), false);
        h1.close();
        INDArray out = c.apply(2, h2);
        h2.close();
        return out;
    }

    Map<String, INDArray> fileParams() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        config.shapes().forEach((k, s) -> out.put(k, Nd4j.create(weights.get(k), s, 'c')));
        return out;
    }

    private Convs convs() {
        Convs c = convs;
        if (c == null) {
            c = new Convs(fileParams());
            convs = c;
        }
        return c;
    }

    static void check(FtConfig cfg, Map<String, INDArray> params, String source) {
        StringBuilder problems = new StringBuilder();
        cfg.shapes().forEach((k, s) -> {
            INDArray a = params.get(k);
            if (a == null) {
                problems.append("; missing tensor '").append(k).append('\'');
            } else if (!Arrays.equals(a.shape(), s)) {
                problems.append("; tensor '").append(k).append("' has shape ").append(Arrays.toString(a.shape()))
                        .append(", expected ").append(Arrays.toString(s));
            }
        });
        params.keySet().stream().filter(k -> !cfg.shapes().containsKey(k))
                .forEach(k -> problems.append("; unexpected tensor '").append(k).append('\''));
        if (problems.length() > 0) {
            throw new BadInputException(source, problems.substring(2) + " [for " + cfg + "]");
        }
    }

    /** The three convs as ND4J conv2d ops on NHWC input with [kh, kw, in, out] weights (no activation reorders). */
    private static final class Convs {
        private final INDArray[] w = new INDArray[3];
        private final INDArray[] b = new INDArray[3];
        private final Conv2DConfig[] cfg = new Conv2DConfig[3];

        Convs(Map<String, INDArray> file) {
            for (int i = 0; i < 3; i++) {
                INDArray oihw = file.get("conv" + (i + 1) + ".w");
                w[i] = oihw.permute(2, 3, 1, 0).dup('c');
                b[i] = file.get("conv" + (i + 1) + ".b").dup();
                int k = (int) oihw.size(2);
                cfg[i] = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).pH((k - 1) / 2).pW((k - 1) / 2).dH(1).dW(1)
                        .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NHWC)
                        .weightsFormat(WeightsFormat.YXIO).build();
            }
        }

        INDArray apply(int i, INDArray x) {
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT,
                    new long[] {x.size(0), x.size(1), x.size(2), w[i].size(3)}, 'c');
            Nd4j.exec(new Conv2D(new INDArray[] {x, w[i], b[i]}, new INDArray[] {out}, cfg[i]));
            return out;
        }
    }
}
