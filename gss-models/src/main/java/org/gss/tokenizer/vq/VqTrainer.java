package org.gss.tokenizer.vq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.gss.data.image.LabelMap;
import org.gss.data.log.ProgressLine;
import org.gss.maskige.Palette;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Trains a {@link VqTokenizer} on maskiges of label maps (VQ-VAE, van den Oord et al. 2017, with EMA codebook).
 *
 * <p>Each step: a batch of random crops (with flips) → their maskiges → one forward/backward pass of {@link VqGraph}
 * (reconstruction MSE + colour cross-entropy + β·commitment, straight-through gradients to the encoder) → Adam on the
 * conv weights → EMA update of the codebook from the batch's encoder outputs (k-means style: each code moves to the
 * running mean of the vectors assigned to it). A code no batch has picked for a while is restarted at an encoder output
 * drawn with probability proportional to its quantisation error, so the codebook keeps covering what the encoder
 * produces; restarts stop after 80% of the steps so the end of training is undisturbed.
 *
 * <p>Deterministic for a seed: initialisation, crops and restarts come from Java's SplittableRandom, and the CPU ops
 * give the same results run to run (checked by a test).
 */
public final class VqTrainer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VqTrainer.class);
    /** Colour softness of the cross-entropy (0..1 colour scale): logits are −‖rgb − β_k‖² / (2σ²). */
    static final double COLOUR_SIGMA = 0.15;
    static final VqGraph.LossWeights DEFAULT_LOSS = new VqGraph.LossWeights(1.0, 1.0, 0.25, COLOUR_SIGMA);

    /** One progress line's numbers, averaged over the steps since the last report. */
    public record Progress(int iteration, int iterations, double loss, double mse, double colourCe, double commitment,
            int codesUsed, int codebookSize, double perplexity, int restarts, double itPerSec, double etaSeconds) {
        public String line() {
            return ProgressLine.head("tokenizer train", iteration, iterations, "it") + ", loss " + ProgressLine.number(loss)
                    + " (mse " + ProgressLine.number(mse) + ", colour CE " + ProgressLine.number(colourCe) + ", commitment "
                    + ProgressLine.number(commitment) + "), codes used " + codesUsed + "/" + codebookSize + ", perplexity "
                    + ProgressLine.number(perplexity) + ", " + restarts + " restarts, " + ProgressLine.rate(itPerSec, "it")
                    + ", " + ProgressLine.eta(etaSeconds);
        }
    }

    /** Summary of a finished run: the last report's averages, codebook use, and wall time. */
    public record Report(int iterations, double seconds, double loss, double mse, double colourCe, double commitment,
            int codesUsed, int codebookSize, double perplexity, int restarts) {
        /** e.g. "400 it in 4m13s, loss 0.706 (mse 0.114, colour CE 0.581, commitment 0.044), codes used 126/128, ...". */
        @Override
        public String toString() {
            return iterations + " it in " + ProgressLine.duration(seconds) + ", loss " + ProgressLine.number(loss)
                    + " (mse " + ProgressLine.number(mse) + ", colour CE " + ProgressLine.number(colourCe)
                    + ", commitment " + ProgressLine.number(commitment) + "), codes used " + codesUsed + "/"
                    + codebookSize + ", perplexity " + ProgressLine.number(perplexity) + ", " + restarts + " restarts";
        }
    }

    public record Result(VqTokenizer tokenizer, Report report) {
    }

    private VqTrainer() {
    }

    /**
     * Trains on label maps drawn uniformly at random (seeded) from {@code labels}. {@code progress} receives a line's
     * numbers every {@code logEvery} steps; null logs them at INFO.
     */
    public static Result train(VqTrainingSettings settings, List<LabelMap> labels, Palette palette, long seed,
            Consumer<Progress> progress) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no label maps to train the tokenizer on");
        }
        List<LabelMap> copy = List.copyOf(labels);
        SplittableRandom pick = new SplittableRandom(seed ^ 0x5DEECE66DL);
        return train(settings, () -> copy.get(pick.nextInt(copy.size())), palette, seed, progress);
    }

    /**
     * Trains on label maps from {@code labels} (called once per crop; it decides the sampling). Ids must be palette
     * classes or 255 (ignore: painted with the ignore colour in the input, left out of the reconstruction losses).
     */
    public static Result train(VqTrainingSettings settings, Supplier<LabelMap> labels, Palette palette, long seed,
            Consumer<Progress> progress) {
        return new Run(settings, labels, palette, seed, DEFAULT_LOSS, true, progress).execute();
    }

    /** With other loss weights, or without quantisation (a plain autoencoder, for experiments). */
    static Result train(VqTrainingSettings settings, Supplier<LabelMap> labels, Palette palette, long seed,
            VqGraph.LossWeights loss, boolean quantize, Consumer<Progress> progress) {
        return new Run(settings, labels, palette, seed, loss, quantize, progress).execute();
    }

    /** One training run's mutable state. */
    private static final class Run {
        private final VqTrainingSettings s;
        private final VqConfig cfg;
        private final Palette palette;
        private final long seed;
        private final Consumer<Progress> progress;
        private final CropSampler crops;
        private final SplittableRandom rng;
        private final VqGraph graph;
        private final Map<String, Adam> adam = new LinkedHashMap<>();
        private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
        private final int k;
        private final int d;
        private final int m;
        private final int deadAfter;
        private final float[] codebook;
        private final double[] emaCount;
        private final double[] emaSum;
        private final int[] lastUsed;
        private int restarts;
        private final float[] classWeights;

        Run(VqTrainingSettings s, Supplier<LabelMap> labels, Palette palette, long seed, VqGraph.LossWeights loss,
                boolean quantize, Consumer<Progress> progress) {
            this.s = s;
            this.cfg = s.model();
            this.palette = palette;
            this.seed = seed;
            this.progress = progress == null ? p -> LOG.info(p.line()) : progress;
            this.crops = new CropSampler(labels, s.crop(), seed ^ 0x2545F4914F6CDD1DL);
            this.classWeights = ClassWeights.of(labels, palette.numClasses(), s.classBalance());
            this.rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
            this.graph = new VqGraph(cfg, VqParameters.toGraph(VqParameters.initialFile(cfg, seed), DataType.FLOAT),
                    s.batch(), s.crop(), palette.colours(), loss, DataType.FLOAT, quantize);
            for (String name : graph.paramNames) {
                Adam a = new Adam(s.lr());
                INDArray p = graph.sd.getVariable(name).getArr();
                INDArray state = Nd4j.zeros(DataType.FLOAT, 1, a.stateSize(p.length()));
                adam.put(name, a);
                updaters.put(name, a.instantiate(state, true));
            }
            this.k = cfg.codebookSize();
            this.d = cfg.embeddingDim();
            this.m = graph.latentPositions;
            // a code unused for this many steps is restarted: 50 steps (fewer in short runs, so that restarts still
            // happen before they stop at 80%), but long enough that rare codes of a big codebook survive
            this.deadAfter = Math.max(Math.max(5, Math.min(50, s.iterations() / 20)), (int) Math.ceil(10.0 * k / m));
            this.codebook = new float[k * d];
            this.emaCount = new double[k];
            this.emaSum = new double[k * d];
            this.lastUsed = new int[k];
        }

        Result execute() {
            long start = System.nanoTime();
            initCodebook();
            double[] window = new double[4];
            int windowSteps = 0;
            long windowStart = System.nanoTime();
            Progress last = null;
            for (int it = 1; it <= s.iterations(); it++) {
                MaskigeBatch b = nextBatch();
                Map<String, INDArray> ph = placeholders(b);
                OutAndGrad og = graph.sd.calculateGradientsAndOutputs(ph, List.of(VqGraph.LOSS, VqGraph.MSE,
                        VqGraph.CE, VqGraph.COMMIT, VqGraph.TOKENS, VqGraph.LATENT), graph.paramNames);
                Map<String, INDArray> out = og.getOutputs();
                adamStep(og.getGradients(), it);
                updateCodebook(out.get(VqGraph.TOKENS).castTo(DataType.INT).toIntVector(),
                        out.get(VqGraph.LATENT).castTo(DataType.FLOAT).dup('c').data().asFloat(), it);
                window[0] += out.get(VqGraph.LOSS).getDouble(0);
                window[1] += out.get(VqGraph.MSE).getDouble(0);
                window[2] += out.get(VqGraph.CE).getDouble(0);
                window[3] += out.get(VqGraph.COMMIT).getDouble(0);
                windowSteps++;
                if (it % s.logEvery() == 0 || it == s.iterations()) {
                    double secs = (System.nanoTime() - windowStart) / 1e9;
                    double itps = windowSteps / Math.max(secs, 1e-9);
                    last = new Progress(it, s.iterations(), window[0] / windowSteps, window[1] / windowSteps,
                            window[2] / windowSteps, window[3] / windowSteps, codesUsed(it), k, perplexity(),
                            restarts, itps, (s.iterations() - it) / itps);
                    progress.accept(last);
                    window = new double[4];
                    windowSteps = 0;
                    windowStart = System.nanoTime();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Report report = new Report(s.iterations(), seconds, last.loss(), last.mse(), last.colourCe(),
                    last.commitment(), last.codesUsed(), k, last.perplexity(), restarts);
            return new Result(tokenizer(report), report);
        }

        private MaskigeBatch nextBatch() {
            List<LabelMap> maps = new ArrayList<>(s.batch());
            for (int i = 0; i < s.batch(); i++) {
                maps.add(crops.next());
            }
            return MaskigeBatch.of(maps, palette, classWeights, DataType.FLOAT);
        }

        private Map<String, INDArray> placeholders(MaskigeBatch b) {
            return Map.of(VqGraph.X, b.x(), VqGraph.TARGET, b.target(), VqGraph.MASK, b.mask(), VqGraph.ONE_HOT,
                    b.oneHot(), VqGraph.CODEBOOK_IN, Nd4j.create(codebook, new long[] {k, d}, 'c'));
        }

        /** Linear warm-up over the first 5% of steps, then cosine decay to 5% of the peak. */
        private double learningRate(int it) {
            int warm = Math.max(1, s.iterations() / 20);
            if (it <= warm) {
                return s.lr() * it / warm;
            }
            double t = (double) (it - warm) / Math.max(1, s.iterations() - warm);
            return s.lr() * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * t)));
        }

        private void adamStep(Map<String, INDArray> grads, int it) {
            double lr = learningRate(it);
            for (String name : graph.paramNames) {
                INDArray g = grads.get(name);
                if (g == null) {
                    throw new IllegalStateException("no gradient for " + name);
                }
                adam.get(name).setLearningRate(lr);
                updaters.get(name).applyUpdater(g, it - 1, 0);
                graph.sd.getVariable(name).getArr().subi(g);
            }
        }

        /** k-means-style start: the codebook is a random sample of the untrained encoder's outputs. */
        private void initCodebook() {
            List<float[]> pool = new ArrayList<>();
            while (pool.size() < 2 * k) {
                MaskigeBatch b = nextBatch();
                float[] z = graph.sd.output(placeholders(b), VqGraph.LATENT).get(VqGraph.LATENT)
                        .castTo(DataType.FLOAT).dup('c').data().asFloat();
                for (int i = 0; i < m; i++) {
                    pool.add(java.util.Arrays.copyOfRange(z, i * d, (i + 1) * d));
                }
            }
            double avg = (double) m / k;
            for (int c = 0; c < k; c++) {
                float[] z = pool.remove(rng.nextInt(pool.size()));
                for (int j = 0; j < d; j++) {
                    codebook[c * d + j] = z[j];
                    emaSum[c * d + j] = z[j] * avg;
                }
                emaCount[c] = avg;
            }
        }

        private void updateCodebook(int[] tokens, float[] latents, int it) {
            double gamma = s.emaDecay();
            double[] count = new double[k];
            double[] sum = new double[k * d];
            for (int i = 0; i < m; i++) {
                int t = tokens[i];
                count[t]++;
                for (int j = 0; j < d; j++) {
                    sum[t * d + j] += latents[i * d + j];
                }
                lastUsed[t] = it;
            }
            double total = 0;
            for (int c = 0; c < k; c++) {
                emaCount[c] = gamma * emaCount[c] + (1 - gamma) * count[c];
                total += emaCount[c];
                for (int j = 0; j < d; j++) {
                    emaSum[c * d + j] = gamma * emaSum[c * d + j] + (1 - gamma) * sum[c * d + j];
                }
            }
            double eps = 1e-5;
            for (int c = 0; c < k; c++) {
                // Laplace smoothing keeps a rarely used code from dividing by (almost) zero
                double n = (emaCount[c] + eps) / (total + k * eps) * total;
                for (int j = 0; j < d; j++) {
                    codebook[c * d + j] = (float) (emaSum[c * d + j] / n);
                }
            }
            if (it <= 0.8 * s.iterations()) {
                restartDeadCodes(tokens, latents, it);
            }
        }

        private void restartDeadCodes(int[] tokens, float[] latents, int it) {
            double[] err = null;
            double errTotal = 0;
            for (int c = 0; c < k; c++) {
                if (it - lastUsed[c] < deadAfter) {
                    continue;
                }
                if (err == null) {
                    err = new double[m];
                    for (int i = 0; i < m; i++) {
                        double e = 0;
                        for (int j = 0; j < d; j++) {
                            double diff = latents[i * d + j] - codebook[tokens[i] * d + j];
                            e += diff * diff;
                        }
                        err[i] = e;
                        errTotal += e;
                    }
                }
                int pick = sampleProportional(err, errTotal);
                err[pick] = 0; // never two restarts on the same vector
                errTotal = 0;
                for (double e : err) {
                    errTotal += e;
                }
                double avg = (double) m / k;
                for (int j = 0; j < d; j++) {
                    codebook[c * d + j] = latents[pick * d + j];
                    emaSum[c * d + j] = latents[pick * d + j] * avg;
                }
                emaCount[c] = avg;
                lastUsed[c] = it;
                restarts++;
            }
        }

        private int sampleProportional(double[] w, double total) {
            if (!(total > 0)) {
                return rng.nextInt(w.length);
            }
            double r = rng.nextDouble() * total;
            for (int i = 0; i < w.length; i++) {
                r -= w[i];
                if (r < 0) {
                    return i;
                }
            }
            return w.length - 1;
        }

        private int codesUsed(int it) {
            int n = 0;
            for (int c = 0; c < k; c++) {
                n += it - lastUsed[c] < deadAfter ? 1 : 0;
            }
            return n;
        }

        /** exp(entropy) of the EMA code frequencies: the number of equally used codes with the same spread. */
        private double perplexity() {
            double total = 0;
            for (double c : emaCount) {
                total += c;
            }
            double h = 0;
            for (double c : emaCount) {
                if (c > 0) {
                    double p = c / total;
                    h -= p * Math.log(p);
                }
            }
            return Math.exp(h);
        }

        private VqTokenizer tokenizer(Report r) {
            Map<String, INDArray> trained = new LinkedHashMap<>();
            for (String name : graph.paramNames) {
                trained.put(name, graph.sd.getVariable(name).getArr());
            }
            Map<String, INDArray> file = VqParameters.toFile(trained);
            file.put(VqParameters.CODEBOOK, Nd4j.create(codebook, new long[] {k, d}, 'c'));
            Map<String, String> prov = new LinkedHashMap<>();
            prov.put("trainer", "VqTrainer");
            prov.put("seed", Long.toString(seed));
            prov.put("settings", s.toString());
            prov.put("palette", palette.toString());
            prov.put("report", r.toString());
            return new VqTokenizer(cfg, file, prov, "trained tokenizer");
        }
    }
}
