package org.gss.tokenizer.ft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.gss.data.image.LabelMap;
import org.gss.maskige.FtConfig;
import org.gss.maskige.FtInverse;
import org.gss.maskige.Palette;
import org.gss.tokenizer.Tokenizer;
import org.gss.tokenizer.vq.MaskigeReconstruction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Trains an {@link FtInverse} (Stage I, after the tokenizer it learns the errors of): every label map is encoded and decoded by the tokenizer once; each step takes random
 * crops (with flips) of the decoded maskiges, adds N(0, σ²) noise (σ on the 0..255 scale), and minimises the pixel
 * cross-entropy against the ground truth (ignore pixels left out) with Adam, in a SameDiff graph built once.
 */
public final class FtTrainer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FtTrainer.class);
    static final String X = "x";
    static final String ONE_HOT = "onehot";
    static final String LOSS = "loss";

    private final FtTrainingSettings s;
    private final FtConfig cfg;
    private final Palette palette;
    private final long seed;
    private final Consumer<String> progress;
    private final SplittableRandom rng;
    private final List<float[]> decoded = new ArrayList<>(); // CHW, [0, 1]
    private final List<LabelMap> labels = new ArrayList<>();
    private final Tokenizer tokenizer;

    /**
     * Trains an FT inverse for {@code palette}'s classes on the decoded maskiges of {@code labels} (each map is sent
     * through {@code tokenizer} once; crops, flips and noise are drawn per step). Deterministic for a seed; progress
     * lines go to {@code progress}, or to the log at INFO when it is null.
     */
    public static FtInverse train(FtTrainingSettings settings, FtConfig config, Tokenizer tokenizer, Palette palette,
            List<LabelMap> labels, long seed, Consumer<String> progress) {
        if (config.classes() != palette.numClasses()) {
            throw new IllegalArgumentException("FT inverse for " + config.classes() + " classes but the palette has "
                    + palette.numClasses());
        }
        return new FtTrainer(settings, config, tokenizer, palette, labels, seed, progress).run();
    }

    private FtTrainer(FtTrainingSettings s, FtConfig cfg, Tokenizer tokenizer, Palette palette, List<LabelMap> maps,
            long seed, Consumer<String> progress) {
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("no label maps to train the FT inverse on");
        }
        this.s = s;
        this.cfg = cfg;
        this.palette = palette;
        this.seed = seed;
        this.tokenizer = tokenizer;
        this.progress = progress == null ? l -> LOG.info(l) : progress;
        this.rng = new SplittableRandom(seed);
        for (LabelMap m : maps) {
            INDArray rgb = MaskigeReconstruction.decoded(tokenizer, palette, m);
            decoded.add(rgb.castTo(DataType.FLOAT).dup('c').data().asFloat());
            rgb.close();
            labels.add(m);
        }
    }

    private FtInverse run() {
        Map<String, INDArray> init = initialParams();
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> p = new LinkedHashMap<>();
        init.forEach((k, v) -> p.put(k, sd.var(k, v.permute(v.rank() == 4 ? new int[] {2, 3, 1, 0} : new int[] {0})
                .dup('c'))));
        int b = s.batch();
        int c = s.crop();
        int k = cfg.classes();
        long n = (long) b * c * c;
        SDVariable x = sd.placeHolder(X, DataType.FLOAT, b, c, c, 3);
        SDVariable oneHot = sd.placeHolder(ONE_HOT, DataType.FLOAT, n, k);
        SDVariable h = sd.nn().relu(conv(sd, x, p, "conv1"), 0);
        h = sd.nn().relu(conv(sd, h, p, "conv2"), 0);
        SDVariable logits = conv(sd, h, p, "conv3").reshape(n, k);
        // cross-entropy written out (SameDiff M2.1: LogSoftMax breaks graph cloning, axis reductions lose their axis in
        // the backward pass); the row maximum is a constant shift, and ignore rows have an all-zero one-hot
        SDVariable ones = sd.constant(Nd4j.ones(DataType.FLOAT, k, 1));
        SDVariable rowMax = new StopGradient(sd, logits.max(1).reshape(n, 1)).outputVariable();
        SDVariable lse = sd.math().log(sd.mmul(sd.math().exp(logits.sub(rowMax)), ones)).add(rowMax);
        SDVariable labelled = oneHot.sum().add(1e-6);
        sd.identity(LOSS, lse.mul(sd.mmul(oneHot, ones)).sum().sub(logits.mul(oneHot).sum()).div(labelled));
        sd.setLossVariables(LOSS);

        List<String> names = new ArrayList<>(p.keySet());
        Map<String, Adam> adam = new LinkedHashMap<>();
        Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
        for (String name : names) {
            Adam a = new Adam(s.lr());
            INDArray state = Nd4j.zeros(DataType.FLOAT, 1, a.stateSize(sd.getVariable(name).getArr().length()));
            adam.put(name, a);
            updaters.put(name, a.instantiate(state, true));
        }
        long start = System.nanoTime();
        double window = 0;
        int windowSteps = 0;
        double lastLoss = Double.NaN;
        int logEvery = Math.max(1, s.iterations() / 10);
        for (int it = 1; it <= s.iterations(); it++) {
            INDArray[] batch = batch();
            OutAndGrad og = sd.calculateGradientsAndOutputs(Map.of(X, batch[0], ONE_HOT, batch[1]), List.of(LOSS),
                    names);
            double lr = learningRate(it);
            for (String name : names) {
                INDArray g = og.getGradients().get(name);
                adam.get(name).setLearningRate(lr);
                updaters.get(name).applyUpdater(g, it - 1, 0);
                sd.getVariable(name).getArr().subi(g);
            }
            window += og.getOutputs().get(LOSS).getDouble(0);
            windowSteps++;
            if (it % logEvery == 0 || it == s.iterations()) {
                lastLoss = window / windowSteps;
                double secs = (System.nanoTime() - start) / 1e9;
                progress.accept(String.format(Locale.ROOT, "ft-inverse it %d/%d loss %.4f  %.2f it/s  ETA %.0f s", it,
                        s.iterations(), lastLoss, it / secs, (s.iterations() - it) * secs / it));
                window = 0;
                windowSteps = 0;
            }
        }
        Map<String, INDArray> file = new LinkedHashMap<>();
        for (String name : names) {
            INDArray v = sd.getVariable(name).getArr();
            file.put(name, (v.rank() == 4 ? v.permute(3, 2, 0, 1) : v).dup('c'));
        }
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("trainer", "FtTrainer");
        prov.put("seed", Long.toString(seed));
        prov.put("settings", s.toString());
        prov.put("palette", palette.toString());
        prov.put("tokenizer", tokenizer.getClass().getSimpleName() + " V=" + tokenizer.vocabularySize());
        prov.put("maps", Integer.toString(labels.size()));
        prov.put("finalLoss", Double.toString(lastLoss));
        return FtInverse.of(cfg, file, prov, "trained FT inverse");
    }

    private double learningRate(int it) {
        int warm = Math.max(1, s.iterations() / 20);
        if (it <= warm) {
            return s.lr() * it / warm;
        }
        double t = (double) (it - warm) / Math.max(1, s.iterations() - warm);
        return s.lr() * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * t)));
    }

    /** Input [b, c, c, 3] (noisy decoded maskige scaled to [−1, 1]) and the one-hot labels [b·c·c, K]. */
    private INDArray[] batch() {
        int b = s.batch();
        int c = s.crop();
        int k = cfg.classes();
        float[] x = new float[b * c * c * 3];
        float[] oneHot = new float[b * c * c * k];
        double sigma = s.noise() / 255.0;
        for (int i = 0; i < b; i++) {
            int idx = rng.nextInt(labels.size());
            LabelMap m = labels.get(idx);
            float[] rgb = decoded.get(idx);
            int w = m.width();
            int h = m.height();
            int ox = w >= c ? rng.nextInt(w - c + 1) : -rng.nextInt(c - w + 1);
            int oy = h >= c ? rng.nextInt(h - c + 1) : -rng.nextInt(c - h + 1);
            boolean flip = rng.nextBoolean();
            for (int y = 0; y < c; y++) {
                for (int xx = 0; xx < c; xx++) {
                    int sx = (flip ? c - 1 - xx : xx) + ox;
                    int sy = y + oy;
                    int p = (i * c + y) * c + xx;
                    boolean inside = sx >= 0 && sx < w && sy >= 0 && sy < h;
                    for (int ch = 0; ch < 3; ch++) {
                        double v = inside ? rgb[ch * h * w + sy * w + sx] : 0.5;
                        if (sigma > 0) {
                            v += sigma * gaussian();
                        }
                        x[3 * p + ch] = (float) (2 * v - 1);
                    }
                    int id = inside ? m.get(sx, sy) : LabelMap.IGNORE;
                    if (id != LabelMap.IGNORE) {
                        oneHot[p * k + id] = 1;
                    }
                }
            }
        }
        return new INDArray[] {Nd4j.create(x, new long[] {b, c, c, 3}, 'c'),
                Nd4j.create(oneHot, new long[] {(long) b * c * c, k}, 'c')};
    }

    private double gaussian() {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** PyTorch's default conv init (kaiming-uniform with a = √5): U(±1/√fan_in) for weights and biases. */
    private Map<String, INDArray> initialParams() {
        SplittableRandom r = new SplittableRandom(seed ^ 0xF7L);
        Map<String, INDArray> out = new LinkedHashMap<>();
        long fanIn = 0;
        for (Map.Entry<String, long[]> e : cfg.shapes().entrySet()) {
            long[] sh = e.getValue();
            if (sh.length == 4) {
                fanIn = sh[1] * sh[2] * sh[3];
            }
            double bound = 1.0 / Math.sqrt(fanIn);
            int len = (int) java.util.Arrays.stream(sh).reduce(1, (a, bb) -> a * bb);
            float[] v = new float[len];
            for (int i = 0; i < len; i++) {
                v[i] = (float) ((2 * r.nextDouble() - 1) * bound);
            }
            out.put(e.getKey(), Nd4j.create(v, sh, 'c'));
        }
        return out;
    }

    private static SDVariable conv(SameDiff sd, SDVariable x, Map<String, SDVariable> p, String key) {
        SDVariable w = p.get(key + ".w");
        int k = (int) w.getShape()[0];
        Conv2DConfig c = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).pH((k - 1) / 2).pW((k - 1) / 2).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NHWC).weightsFormat(WeightsFormat.YXIO)
                .build();
        return sd.cnn().conv2d(x, w, p.get(key + ".b"), c);
    }
}
