package org.gss.jobs.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.gss.config.ConfigError;
import org.gss.config.GssConfig;
import org.gss.data.DatasetReaders;
import org.gss.data.DatasetSettings;
import org.gss.data.augment.SampleAssembler;
import org.gss.data.augment.TrainingSample;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.data.log.ProgressLine;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;
import org.gss.spark.JobStage;
import org.gss.model.GssEncoderModel;
import org.gss.store.Checkpoints;
import org.gss.store.DecodingIdentity;
import org.gss.store.ManifestStore;
import org.gss.store.OutputRoots;
import org.gss.store.RunIdentity;
import org.gss.tokenizer.config.SharedTokenizers;
import org.gss.tokenizer.config.TokenizerSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gss train}: Stage II latent prior learning on Spark with DL4J parameter averaging. Each round, every worker
 * builds {@code averaging-frequency} minibatches of {@code batch-per-worker} crops on its executor (image decode, view,
 * 8-aligned crop, photometric distortion, normalisation, token targets) and fits them; the driver then averages
 * parameters and updater state. Rounds are deterministic functions of (seed, round), so a run resumed from a checkpoint
 * repeats exactly the rounds an uninterrupted run would have done.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    private TrainJob() {
    }

    public record Result(int iteration, String out, List<TrainingCurve.Point> curve, double majorityTokenAccuracy) {
    }

    public static Result run(SparkSession spark, GssConfig cfg, boolean resume) {
        return run(spark, cfg, TrainJobSettings.from(cfg), resume);
    }

    /**
     * Trains with {@code job} (validated before Spark started); {@code cfg} is the configuration it was read from,
     * recorded in checkpoints with the run identity.
     */
    public static Result run(SparkSession spark, GssConfig cfg, TrainJobSettings job, boolean resume) {
        TokenizerSettings tokenizer = job.tokenizer();
        int vocab = SharedTokenizers.get(tokenizer).vocabularySize();
        TrainSettings s = job.train().withVocab(vocab);
        DatasetSettings ds = job.dataset();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        OutputRoots.requireWritable("gss.train.out", s.out(), hadoop);
        int cleaned = Checkpoints.cleanStale(s.out(), hadoop);
        if (cleaned > 0) {
            LOG.info("train: removed {} temporary checkpoint folder(s) left by killed runs", cleaned);
        }
        String manifest = job.manifest();
        List<ManifestEntry> all = ManifestStore.read(spark, manifest);
        List<ManifestEntry> train = all.stream().filter(e -> e.split().equals("train")).toList();
        List<ManifestEntry> val = all.stream().filter(e -> !e.split().equals("train")).toList();
        if (train.isEmpty()) {
            throw new BadInputException(manifest, "no train samples in the sample manifest");
        }
        DatasetSampler sampler = DatasetSampler.of(train, s.datasetRepeat());
        List<String> unmatched = DatasetSampler.unmatched(train, s.datasetRepeat());
        if (!unmatched.isEmpty()) {
            LOG.warn("train: gss.train.dataset-repeat names datasets without train samples (ignored): {}", unmatched);
        }
        if (!s.datasetRepeat().isEmpty()) {
            LOG.info("train: dataset shares of the draws (repeat factors {}): {}", s.datasetRepeat(),
                    sampler.expectedShares());
        }
        String fingerprint = tokenizer.fingerprint();
        CachedTargets cache = null;
        if (!job.cacheRoot().isEmpty()) {
            try (JobStage stage = JobStage.begin(spark, "train", "read the token targets of the cache")) {
                cache = CacheTargets.open(spark, job.cacheRoot(), fingerprint, s.views());
            }
        }
        BatchFactory factory = new BatchFactory(s, ds, job.maskige(), tokenizer, cache);
        String modelHash = GssConfig.sha256(s.model().toString() + "|" + s.optim().toString()
                + (s.normEval() ? "|norm-eval" : ""));

        ComputationGraph net;
        int iteration = 0;
        RunIdentity identity = RunIdentity.of(cfg, vocab, fingerprint, train);
        DecodingIdentity decoding = DecodingIdentity.of(job.maskige(), fingerprint, s.grid());
        var latest = Checkpoints.latest(s.out(), hadoop);
        if (resume && latest.isPresent()) {
            // the run keeps the backbone initialisation its checkpoint records (the file is not read again)
            identity = identity.withPretrained(latest.get().identity() == null ? null
                    : latest.get().identity().fixed().get(RunIdentity.PRETRAINED));
            net = Checkpoints.loadToResume(latest.get(), identity, modelHash, hadoop);
            iteration = latest.get().iteration();
            LOG.info("train: resuming from {} at iteration {}", latest.get().path(), iteration);
            if (latest.get().identity() != null && !identity.dataOrderChanges(latest.get().identity()).isEmpty()) {
                LOG.warn("train: data-order settings differ from the checkpoint's ({}): training continues, but no"
                        + " longer repeats the rounds of an uninterrupted run",
                        String.join("; ", identity.dataOrderChanges(latest.get().identity())));
            }
        } else {
            if (latest.isPresent()) {
                throw new ConfigError(s.out() + " already holds checkpoints (latest " + latest.get().path()
                        + "): pass --resume to continue, or choose another gss.train.out");
            }
            net = GssEncoderModel.build(s.model(), s.optim(), DataType.FLOAT, s.normEval());
            var pretrained = PretrainedBackbone.load(net, s.model(), job.pretrained(), hadoop);
            pretrained.ifPresent(p -> LOG.info("train: backbone initialised from {} (SHA-256 {}; {} tensors, {} values)",
                    p.uri(), p.sha256(), p.tensors(), p.values()));
            identity = identity.withPretrained(pretrained.map(PretrainedBackbone.Loaded::sha256).orElse("none"));
        }
        List<TrainingSample> heldOut = heldOut(val.isEmpty() ? train : val, factory, ds, hadoop);

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ParameterAveragingTrainingMaster tm = trainingMaster(s);
        SerializableConfiguration conf = new SerializableConfiguration(hadoop);
        // a resumed run keeps the points logged up to its checkpoint, so metrics.csv covers the whole run
        List<TrainingCurve.Point> curve = new ArrayList<>(loggedUpTo(s.out(), iteration, hadoop));
        double majority = Double.NaN;
        long started = System.nanoTime();
        int startIteration = iteration;
        int stopAfter = job.stopAfter();
        int stopAt = stopAfter > 0 ? Math.min(s.iterations(), iteration + stopAfter) : s.iterations();
        while (iteration < stopAt) {
            int round = iteration / s.averagingFrequency();
            List<List<BatchFactory.Assignment>> perWorker = assignments(sampler, s, round);
            net.getConfiguration().setIterationCount(iteration);
            try (JobStage stage = JobStage.begin(spark, "train", String.format(Locale.ROOT,
                    "round %d/%d (iterations %d-%d of %d)", round + 1, rounds(s), iteration + 1,
                    iteration + s.averagingFrequency(), s.iterations()))) {
                net = fitRound(jsc, net, tm, perWorker, factory, conf);
            }
            iteration += s.averagingFrequency();
            boolean last = iteration >= stopAt;
            if (iteration % s.logEvery() < s.averagingFrequency() || last) {
                HeldOutScore h = HeldOutScore.of(net, heldOut, s.grid());
                majority = h.majorityTokenAccuracy();
                curve.add(new TrainingCurve.Point(iteration, h.tokenCe(), h.pixelCe(), h.tokenAccuracy()));
                double secs = (System.nanoTime() - started) / 1e9;
                double perIt = secs / Math.max(1, iteration - startIteration);
                LOG.info(ProgressLine.head("train", iteration, s.iterations(), "it") + String.format(Locale.ROOT,
                        ", held-out token CE %s, pixel CE %s, token acc %.1f%% (majority %.1f%%), lr %.2e, ",
                        ProgressLine.number(h.tokenCe()), ProgressLine.number(h.pixelCe()), h.tokenAccuracy(),
                        h.majorityTokenAccuracy(), s.optim().schedule().valueAt(iteration, 0))
                        + ProgressLine.rate((iteration - startIteration) * (double) s.batchPerWorker() * s.workers()
                                / secs, "samples") + ", " + ProgressLine.eta(perIt * (s.iterations() - iteration)));
                writeMetrics(s.out(), curve, majority, s, hadoop);
            }
            if (iteration % s.checkpointEvery() < s.averagingFrequency() || last) {
                Checkpoints.save(net, s.out(), iteration, modelHash, s.seed(), s.targets(), identity, decoding,
                        cfg.canonicalJson(), cache == null ? null : cache.versionId(), hadoop);
            }
        }
        return new Result(iteration, s.out(), curve, majority);
    }

    /** Averaging rounds of the whole run. */
    private static int rounds(TrainSettings s) {
        return (s.iterations() + s.averagingFrequency() - 1) / s.averagingFrequency();
    }

    /** The parameter-averaging master of {@code s}: workers, batch per worker, averaging frequency, prefetch. */
    static ParameterAveragingTrainingMaster trainingMaster(TrainSettings s) {
        return new ParameterAveragingTrainingMaster.Builder(s.workers(), s.batchPerWorker())
                .batchSizePerWorker(s.batchPerWorker()).averagingFrequency(s.averagingFrequency())
                .workerPrefetchNumBatches(s.prefetch()).saveUpdater(true).repartionData(Repartition.Never)
                .rddTrainingApproach(RDDTrainingApproach.Direct).rngSeed(s.seed()).build();
    }

    /**
     * One averaging round: each worker's executor builds its minibatches from its assignments and fits them; the
     * driver averages. Returns a copy of the averaged network that outlives the round's broadcasts (working around a
     * DL4J 1.0.0-M2.1 defect).
     */
    static ComputationGraph fitRound(JavaSparkContext jsc, ComputationGraph net, ParameterAveragingTrainingMaster tm,
            List<List<BatchFactory.Assignment>> perWorker, BatchFactory factory, SerializableConfiguration conf) {
        int batch = factory.settings().batchPerWorker();
        SparkComputationGraph sparkNet = new SparkComputationGraph(jsc, net, tm);
        // online targets fill unlabeled pixels with the auxiliary head of the round's starting parameters
        OnlineAuxFill fill = factory.online() ? OnlineAuxFill.of(jsc, net) : null;
        JavaRDD<MultiDataSet> data = jsc.parallelize(perWorker, perWorker.size())
                .mapPartitions((Iterator<List<BatchFactory.Assignment>> it) -> {
                    List<MultiDataSet> out = new ArrayList<>();
                    while (it.hasNext()) {
                        out.addAll(factory.build(it.next(), batch, conf.value(), fill));
                    }
                    return out.iterator();
                });
        sparkNet.fitMultiDataSet(data);
        if (fill != null) {
            fill.release();
        }
        return sparkNet.getNetwork().clone();
    }

    /** Round {@code r}: for each worker, {@code freq × batch} (sample, view, seed) draws — a pure function of (seed, r). */
    static List<List<BatchFactory.Assignment>> assignments(List<ManifestEntry> train, TrainSettings s, int round) {
        return assignments(DatasetSampler.of(train, s.datasetRepeat()), s, round);
    }

    /** As above, drawing samples with {@code sampler} (the datasets' repeat factors). */
    static List<List<BatchFactory.Assignment>> assignments(DatasetSampler sampler, TrainSettings s, int round) {
        SplittableRandom rnd = new SplittableRandom(s.seed() * 1_000_003L + round);
        List<List<BatchFactory.Assignment>> out = new ArrayList<>();
        for (int w = 0; w < s.workers(); w++) {
            List<BatchFactory.Assignment> list = new ArrayList<>();
            for (int i = 0; i < s.averagingFrequency() * s.batchPerWorker(); i++) {
                ManifestEntry e = sampler.draw(rnd);
                AugmentationView v = s.views().get(rnd.nextInt(s.views().size()));
                list.add(new BatchFactory.Assignment(e, v, rnd.nextLong()));
            }
            out.add(list);
        }
        return out;
    }

    private static List<TrainingSample> heldOut(List<ManifestEntry> val, BatchFactory factory, DatasetSettings ds,
            Configuration conf) {
        TrainSettings s = factory.settings();
        DatasetLayout layout = DatasetReaders.open(ds, conf);
        // fixed crops: no category-ratio retries, no photometric distortion
        SampleAssembler assembler = new SampleAssembler(s.geometry(), s.crop(), 1.0, false);
        List<TrainingSample> out = new ArrayList<>();
        AugmentationView v = s.views().stream().filter(x -> !x.flip()).findFirst().orElse(s.views().get(0));
        for (int i = 0; i < Math.min(8, val.size()); i++) {
            out.add(factory.sample(new BatchFactory.Assignment(val.get(i), v, 1000 + i), layout, assembler,
                    factory.onlineCodec(), conf));
        }
        return out;
    }

    /** The points of an existing metrics.csv up to {@code iteration} (none for a new run). */
    static List<TrainingCurve.Point> loggedUpTo(String out, int iteration, Configuration conf) {
        String file = HadoopFiles.resolve(out, "metrics.csv");
        if (iteration == 0 || !HadoopFiles.exists(file, conf)) {
            return List.of();
        }
        List<TrainingCurve.Point> points = new ArrayList<>();
        String[] lines = new String(HadoopFiles.readAllBytes(file, conf), StandardCharsets.UTF_8).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] c = lines[i].trim().split(",");
            try {
                int it = Integer.parseInt(c[0]);
                if (it <= iteration) {
                    points.add(new TrainingCurve.Point(it, Double.parseDouble(c[1]), Double.parseDouble(c[2]),
                            Double.parseDouble(c[3])));
                }
            } catch (RuntimeException e) {
                throw new BadInputException(file, "line " + (i + 1)
                        + " is not iteration,token_ce,pixel_ce,token_acc,lr: " + lines[i]);
            }
        }
        return points;
    }

    private static void writeMetrics(String out, List<TrainingCurve.Point> curve, double majority, TrainSettings s,
            Configuration conf) {
        StringBuilder csv = new StringBuilder("iteration,token_ce,pixel_ce,token_acc,lr\n");
        for (TrainingCurve.Point p : curve) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.4f,%.6e%n", p.iteration(), p.tokenCe(), p.pixelCe(),
                    p.tokenAcc(), s.optim().schedule().valueAt(p.iteration(), 0)));
        }
        try {
            HadoopFiles.writeAtomically(HadoopFiles.resolve(out, "metrics.csv"),
                    csv.toString().getBytes(StandardCharsets.UTF_8), conf);
            HadoopFiles.writeAtomically(HadoopFiles.resolve(out, "training-curve.png"), TrainingCurve.png(curve, majority), conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
