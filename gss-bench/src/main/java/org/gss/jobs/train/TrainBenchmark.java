package org.gss.jobs.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.gss.bench.tokenizer.DvaeCost;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.DatasetSettings;
import org.gss.data.image.BadInputException;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.synth.SynthSettings;
import org.gss.data.synth.SyntheticDatasetWriter;
import org.gss.data.view.AugmentationView;
import org.gss.jobs.cache.TokenCacheBuild;
import org.gss.jobs.index.IndexJob;
import org.gss.maskige.MaskigeSettings;
import org.gss.model.GssEncoderModel;
import org.gss.model.ModelConfig;
import org.gss.store.ManifestStore;
import org.gss.tokenizer.DalleDvae;
import org.gss.tokenizer.config.SharedTokenizers;
import org.gss.tokenizer.Tokenizer;
import org.gss.tokenizer.config.TokenizerSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * {@code gss bench train}, the parts that run the trainer's own code on the configuration's synthetic dataset:
 * <ul>
 * <li>{@link #targets}: one training step (build the minibatch as an executor does, then {@code fit}) with targets
 * from the token cache vs encoded online, on the same crops, interleaved step by step;</li>
 * <li>{@link #averaging}: rounds of parameter averaging on the embedded Spark ({@link TrainJob#fitRound}) vs one JVM
 * building and fitting the same minibatches with {@code ComputationGraph.fit}, interleaved round by round.</li>
 * </ul>
 * Interleaving puts both sides of each ratio under the same machine load; medians leave out stragglers.
 */
public final class TrainBenchmark {
    /** Warm-up (excluded) and timed repetitions: steps per target mode, rounds per averaging side. */
    public record Options(int warmup, int steps, int rounds) {
        public Options {
            if (warmup < 0 || steps < 1 || rounds < 1) {
                throw new IllegalArgumentException("need warmup >= 0, steps >= 1, rounds >= 1");
            }
        }
    }

    /** Medians in seconds per step of one minibatch; {@code tokenizerMacs} per crop, -1 if unknown. */
    public record TargetsReport(double cachedBuild, double cacheLookup, double cachedFit, double cachedStep,
            double onlineBuild, double onlineFit, double onlineStep, double pooledFit, int batch, int crop,
            long tokenizerMacs, boolean sameImages, double tokenAgreement) {
        public double speedup() {
            return onlineStep / cachedStep;
        }

        /**
         * The same ratio with the fit time taken as the median over both modes' fits: they are the same computation
         * (same shapes), so pooling them removes the load noise that the two separate medians carry.
         */
        public double pooledSpeedup() {
            return (onlineBuild + pooledFit) / (cachedBuild + pooledFit);
        }

        /**
         * The online targets' tokenizer work per crop: online build minus the work both paths share (the cached
         * build less its cache lookups: image decode, view, crop, distortion, normalisation).
         */
        public double tokenizerSecondsPerCrop() {
            return (onlineBuild - (cachedBuild - cacheLookup)) / batch;
        }
    }

    /** Counts the time spent in cache lookups (the driver runs the steps in one thread). */
    private static final class TimedTargets implements CachedTargets {
        private final CachedTargets inner;
        private long nanos;

        TimedTargets(CachedTargets inner) {
            this.inner = inner;
        }

        @Override
        public Entry lookup(ManifestEntry sample, AugmentationView view) {
            long t0 = System.nanoTime();
            try {
                return inner.lookup(sample, view);
            } finally {
                nanos += System.nanoTime() - t0;
            }
        }

        @Override
        public String versionId() {
            return inner.versionId();
        }
    }

    /** Medians in seconds per round. */
    public record AveragingReport(double sparkRound, double localRound, double localBuild, double localFit,
            int samplesPerRound) {
        public double overhead() {
            return sparkRound / localRound;
        }
    }

    private TrainBenchmark() {
    }

    /**
     * Writes the configuration's synthetic dataset ({@code gss.synth}), indexes it ({@code gss.index}) and builds its
     * token cache ({@code gss.token-cache}) with the configured tokenizer: what {@code gss demo} does before training.
     */
    public static void prepare(SparkSession spark, GssConfig cfg, PrintStream out) {
        long t0 = System.nanoTime();
        try {
            SyntheticDatasetWriter.write(SynthSettings.spec(cfg), Path.of(Settings.of(cfg, "gss.synth").nonEmpty("out")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IndexJob.Result index = IndexJob.run(spark, cfg);
        TokenCacheBuild.Result cache = TokenCacheBuild.run(spark, cfg, Optional.empty());
        out.printf(Locale.ROOT, "data: %d samples indexed, token cache %s (%d samples) in %.0f s%n", index.samples(),
                cache.versionId(), cache.samples(), (System.nanoTime() - t0) / 1e9);
    }

    /** Cached vs online targets: the same minibatches (same assignments, so the same crops) through both paths. */
    public static TargetsReport targets(SparkSession spark, GssConfig cfg, Options o) {
        Setup su = Setup.of(spark, cfg);
        TimedTargets cache = new TimedTargets(CacheTargets.open(spark, cfg, su.tokenizer().fingerprint(), su.s().views()));
        BatchFactory cached = su.factory(cache);
        BatchFactory online = su.factory(null);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        double[] lookup = new double[o.steps()];
        ComputationGraph[] nets = {su.newNetwork(), su.newNetwork()}; // same seed: the same initial parameters
        BatchFactory[] factories = {cached, online};
        int n = o.warmup() + o.steps();
        double[][] build = new double[2][o.steps()];
        double[][] fit = new double[2][o.steps()];
        double[][] step = new double[2][o.steps()];
        boolean sameImages = true;
        double agreement = 0;
        int batch = su.s.batchPerWorker();
        for (int i = 0; i < n; i++) {
            List<BatchFactory.Assignment> a = TrainJob.assignments(su.train, su.s, i).get(0).subList(0, batch);
            MultiDataSet[] made = new MultiDataSet[2];
            for (int k = 0; k < 2; k++) {
                int mode = (i + k) % 2; // alternate which mode goes first
                long t0 = System.nanoTime();
                long l0 = cache.nanos;
                // the online path as training runs it: unlabeled pixels filled by the network's auxiliary head
                OnlineAuxFill fill = mode == 1 ? OnlineAuxFill.of(jsc, nets[1]) : null;
                made[mode] = factories[mode].build(a, batch, su.hadoop, fill).get(0);
                if (fill != null) {
                    fill.release();
                }
                if (mode == 0 && i >= o.warmup()) {
                    lookup[i - o.warmup()] = (cache.nanos - l0) / 1e9;
                }
                long t1 = System.nanoTime();
                nets[mode].fit(made[mode]);
                long t2 = System.nanoTime();
                if (i >= o.warmup()) {
                    build[mode][i - o.warmup()] = (t1 - t0) / 1e9;
                    fit[mode][i - o.warmup()] = (t2 - t1) / 1e9;
                    step[mode][i - o.warmup()] = (t2 - t0) / 1e9;
                }
            }
            sameImages &= made[0].getFeatures(0).equals(made[1].getFeatures(0));
            agreement += equalShare(made[0].getLabels(0), made[1].getLabels(0)) / n;
        }
        Tokenizer tok = SharedTokenizers.get(su.tokenizer);
        long macs = tok instanceof DalleDvae d ? DvaeCost.encoderMacs(d.encoder().config(), su.s.crop(), su.s.crop())
                : -1;
        double[] pooled = new double[2 * o.steps()];
        System.arraycopy(fit[0], 0, pooled, 0, o.steps());
        System.arraycopy(fit[1], 0, pooled, o.steps(), o.steps());
        return new TargetsReport(median(build[0]), median(lookup), median(fit[0]), median(step[0]), median(build[1]),
                median(fit[1]), median(step[1]), median(pooled), batch, su.s.crop(), macs, sameImages, agreement);
    }

    /** Parameter averaging on Spark vs one JVM fitting the same minibatches, round by round. */
    public static AveragingReport averaging(SparkSession spark, GssConfig cfg, Options o) {
        Setup su = Setup.of(spark, cfg);
        boolean useCache = su.s.targets().equals("cached");
        BatchFactory factory = su.factory(useCache ? CacheTargets.open(spark, cfg, su.tokenizer().fingerprint(), su.s().views()) : null);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ParameterAveragingTrainingMaster tm = TrainJob.trainingMaster(su.s);
        SerializableConfiguration conf = new SerializableConfiguration(su.hadoop);
        ComputationGraph sparkNet = su.newNetwork();
        ComputationGraph localNet = su.newNetwork();
        int n = o.warmup() + o.rounds();
        double[] sparkT = new double[o.rounds()];
        double[] localT = new double[o.rounds()];
        double[] localBuild = new double[o.rounds()];
        for (int r = 0; r < n; r++) {
            List<List<BatchFactory.Assignment>> perWorker = TrainJob.assignments(su.train, su.s, r);
            int iteration = r * su.s.averagingFrequency();
            for (int k = 0; k < 2; k++) {
                boolean sparkSide = (r + k) % 2 == 0;
                long t0 = System.nanoTime();
                double built = 0;
                if (sparkSide) {
                    sparkNet.getConfiguration().setIterationCount(iteration);
                    sparkNet = TrainJob.fitRound(jsc, sparkNet, tm, perWorker, factory, conf);
                } else {
                    for (List<BatchFactory.Assignment> worker : perWorker) {
                        long b0 = System.nanoTime();
                        List<MultiDataSet> batches = factory.build(worker, su.s.batchPerWorker(), su.hadoop);
                        built += (System.nanoTime() - b0) / 1e9;
                        for (MultiDataSet mds : batches) {
                            localNet.fit(mds);
                        }
                    }
                }
                double dt = (System.nanoTime() - t0) / 1e9;
                if (r >= o.warmup()) {
                    if (sparkSide) {
                        sparkT[r - o.warmup()] = dt;
                    } else {
                        localT[r - o.warmup()] = dt;
                        localBuild[r - o.warmup()] = built;
                    }
                }
            }
        }
        double build = median(localBuild);
        return new AveragingReport(median(sparkT), median(localT), build, median(localT) - build,
                su.s.workers() * su.s.averagingFrequency() * su.s.batchPerWorker());
    }

    public static String formatTargets(TargetsReport r, Options o) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-8s %10s %10s %10s %12s%n", "targets", "build ms", "fit ms", "step ms",
                "ms/sample"));
        b.append(row("cached", r.cachedBuild(), r.cachedFit(), r.cachedStep(), r.batch()));
        b.append(row("online", r.onlineBuild(), r.onlineFit(), r.onlineStep(), r.batch()));
        b.append(String.format(Locale.ROOT, "ratio online/cached step time: %.2fx (medians of %d steps after %d"
                + " warm-up, modes interleaved)%n", r.speedup(), o.steps(), o.warmup()));
        b.append(String.format(Locale.ROOT, "ratio with the fit median pooled over both modes (the same computation):"
                + " %.2fx (fit %.1f ms)%n", r.pooledSpeedup(), 1e3 * r.pooledFit()));
        double tokSec = r.tokenizerSecondsPerCrop();
        b.append(String.format(Locale.ROOT, "cached: token-cache lookups %.1f ms per crop; online: tokenizer %.1f ms per"
                + " crop (online build - (cached build - lookups))", 1e3 * r.cacheLookup() / r.batch(), tokSec * 1e3));
        if (r.tokenizerMacs() > 0) {
            b.append(String.format(Locale.ROOT, "; dVAE encoder %.1f MMAC per %dx%d crop -> %.1f GFLOP/s",
                    r.tokenizerMacs() / 1e6, r.crop(), r.crop(), 2.0 * r.tokenizerMacs() / tokSec / 1e9));
        }
        b.append(String.format(Locale.ROOT, "%nsame crops in both modes: %s; cached tokens equal the online ones at"
                + " %.1f%% of positions (the cache slices the full view's encoding)%n", r.sameImages() ? "yes (images"
                + " identical in every step)" : "NO", 100 * r.tokenAgreement()));
        return b.toString();
    }

    public static String formatAveraging(AveragingReport r, Options o, String master) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-34s %9s %11s %11s %9s%n", "side", "round s", "ms/sample", "build s",
                "fit s"));
        b.append(String.format(Locale.ROOT, "%-34s %9.2f %11.1f %11s %9s%n", "Spark " + master + ", parameter avg.",
                r.sparkRound(), 1e3 * r.sparkRound() / r.samplesPerRound(), "-",
                "-"));
        b.append(String.format(Locale.ROOT, "%-34s %9.2f %11.1f %11.2f %9.2f%n", "one JVM, ComputationGraph.fit",
                r.localRound(), 1e3 * r.localRound() / r.samplesPerRound(), r.localBuild(), r.localFit()));
        b.append(String.format(Locale.ROOT, "ratio Spark/one JVM time per sample: %.2fx (medians of %d rounds of %d"
                + " samples after %d warm-up, sides interleaved)%n", r.overhead(), o.rounds(), r.samplesPerRound(),
                o.warmup()));
        return b.toString();
    }

    /** One line describing the trainer settings the parts use. */
    public static String describe(GssConfig cfg) {
        Setup su = Setup.of(null, cfg);
        ModelConfig m = su.s.model();
        return String.format(Locale.ROOT, "model ResNet-%d v1c base %d, MLA %d ch x %d blocks (w %d, %d heads), hidden"
                + " %d, V %d, K %d; crop %d, batch %d per worker, %d workers, averaging every %d minibatches,"
                + " prefetch %d; tokenizer %s", m.depth(), m.baseWidth(), m.mlaChannels(), m.mlaDepth(), m.window(),
                m.heads(), m.hidden(), m.vocab(), m.numClasses(), su.s.crop(), su.s.batchPerWorker(), su.s.workers(),
                su.s.averagingFrequency(), su.s.prefetch(), su.tokenizer.kind().equals("dvae")
                        ? "dvae " + su.tokenizer.encoderNpz() : "own " + su.tokenizer.checkpoint());
    }

    private static String row(String name, double build, double fit, double step, int batch) {
        return String.format(Locale.ROOT, "%-8s %10.1f %10.1f %10.1f %12.1f%n", name, build * 1e3, fit * 1e3,
                step * 1e3, step * 1e3 / batch);
    }

    private static double equalShare(INDArray a, INDArray b) {
        float[] x = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] y = b.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            same += x[i] == y[i] ? 1 : 0;
        }
        return x.length == 0 ? 1 : (double) same / x.length;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The trainer's settings and inputs as {@link TrainJob#run} derives them. */
    private record Setup(TrainSettings s, DatasetSettings ds, MaskigeSettings maskige, TokenizerSettings tokenizer,
            List<ManifestEntry> train, Configuration hadoop) {
        static Setup of(SparkSession spark, GssConfig cfg) {
            MaskigeSettings maskige = MaskigeSettings.from(cfg);
            TokenizerSettings tokenizer = TokenizerSettings.from(cfg);
            int vocab = SharedTokenizers.get(tokenizer).vocabularySize();
            TrainSettings s = TrainSettings.from(cfg, vocab, maskige.classes());
            List<ManifestEntry> train = new ArrayList<>();
            Configuration hadoop = null;
            if (spark != null) {
                String manifest = Settings.of(cfg, "gss.index").nonEmpty("out");
                ManifestStore.read(spark, manifest).stream().filter(e -> e.split().equals("train")).forEach(train::add);
                if (train.isEmpty()) {
                    throw new BadInputException(manifest, "no train samples in the sample manifest");
                }
                hadoop = spark.sparkContext().hadoopConfiguration();
            }
            return new Setup(s, DatasetSettings.from(cfg), maskige, tokenizer, train, hadoop);
        }

        BatchFactory factory(CachedTargets cache) {
            return new BatchFactory(s, ds, maskige, tokenizer, cache);
        }

        ComputationGraph newNetwork() {
            return GssEncoderModel.build(s.model(), s.optim(), DataType.FLOAT);
        }
    }
}
