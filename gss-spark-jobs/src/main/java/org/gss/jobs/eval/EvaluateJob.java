package org.gss.jobs.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.gss.config.ConfigError;
import org.gss.config.GssConfig;
import org.gss.data.DatasetReaders;
import org.gss.data.DatasetSettings;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.data.label.LabelMapping;
import org.gss.data.label.MsegTaxonomy;
import org.gss.data.layout.BadInputPolicy;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.manifest.ManifestEntry;
import org.gss.eval.ClassMapping;
import org.gss.eval.ConfusionMatrix;
import org.gss.jobs.JobProgress;
import org.gss.report.BaselineResult;
import org.gss.report.DatasetResult;
import org.gss.report.EvaluationReport;
import org.gss.report.LabelPalette;
import org.gss.report.Panel;
import org.gss.report.PredictionSource;
import org.gss.report.ReportWriter;
import org.gss.report.SkippedInput;
import org.gss.store.Checkpoints;
import org.gss.store.DecodingIdentity;
import org.gss.store.OutputRoots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gss evaluate}: scores predictions against ground truth for every configured dataset and writes the run folder.
 *
 * <p>Driver: reads each entry's manifest, splits it into results (one per domain of the split: an MSeg test dataset,
 * a synthetic domain, or the whole dataset), resolves each result's classes, prediction mapping, predictor and palette.
 * Spark pass 1 (when a baseline split is configured and present): executors count per-position classes of the
 * training labels; the driver turns them into the image-blind prior. Spark pass 2: executors read ground truth and
 * predictions and accumulate 64-bit confusion matrices per result (model and baseline), plus prediction hashes,
 * skipped samples and a few panels; the driver merges the partitions' matrices and publishes metrics.json, per-class
 * CSVs, summary.md and report.html atomically ({@link ReportWriter}).
 */
public final class EvaluateJob {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

    private EvaluateJob() {
    }

    public record Result(String out, EvaluationReport report) {
    }

    /** Driver-side facts of one result (one column of the report). */
    private record Planned(String name, EvalDatasetSettings entry, String domain, ManifestView manifest,
            List<String> classNames, int[] palette, ResultPlan plan, List<ManifestEntry> rows,
            List<ManifestEntry> trainRows, String baselineReason) {
    }

    public static Result run(SparkSession spark, GssConfig cfg) {
        return run(spark, EvaluateSettings.from(cfg), cfg.hash(), cfg.canonicalJson());
    }

    public static Result run(SparkSession spark, EvaluateSettings s, String configHash, String configJson) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        OutputRoots.requireWritable("gss.evaluate.out", s.out(), hadoop);
        if (!s.checkpoint().isEmpty() && s.datasets().stream().anyMatch(d -> d.predictions().isEmpty())) {
            // once, on the driver: a training run that is still writing checkpoints cannot split the evaluation
            s = s.withCheckpoint(Checkpoints.resolveForInference(s.checkpoint(),
                    DecodingIdentity.of(s.model().maskige(), s.model().tokenizer()), hadoop));
            LOG.info("evaluate: predicting with the checkpoint {}", s.checkpoint());
        }
        List<Planned> planned = plan(spark, s, hadoop);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration conf = new SerializableConfiguration(hadoop);
        List<SkippedInput> skipped = new ArrayList<>();

        Map<String, PositionPrior> priors = baselinePriors(spark, jsc, conf, s, planned, skipped);
        Map<String, ResultPlan> plans = new LinkedHashMap<>();
        List<EvalTask> tasks = new ArrayList<>();
        for (Planned p : planned) {
            ResultPlan rp = p.plan();
            plans.put(p.name(), new ResultPlan(rp.key(), rp.labels(), rp.numClasses(), rp.mapping(), rp.predictor(),
                    priors.get(p.name()), rp.panelIds(), rp.panelWidth()));
            p.rows().forEach(e -> tasks.add(new EvalTask(p.name(), e)));
        }

        Broadcast<Map<String, ResultPlan>> shared = jsc.broadcast(plans);
        BadInputPolicy policy = s.badInput();
        JobProgress progress = JobProgress.start(spark, "evaluate", "images", tasks.size());
        LongAccumulator counter = progress.counter();
        PartitionScores total = PartitionScores.empty();
        try {
            List<PartitionScores> parts = jsc.parallelize(tasks, partitions(s, jsc, tasks.size()))
                    .mapPartitions(it -> scorePartition(it, shared.value(), conf, policy, counter)).collect();
            parts.forEach(total::merge);
            LOG.info(progress.summary());
        } finally {
            progress.close();
            shared.destroy();
        }
        skipped.addAll(total.skipped());

        List<DatasetResult> results = new ArrayList<>();
        for (Planned p : planned) {
            results.add(result(p, total, priors.get(p.name()), s));
        }
        EvaluationReport report = new EvaluationReport(Instant.now().toString(), configHash, configJson,
                source(planned, results), s.mean(), results, sorted(skipped));
        for (DatasetResult d : results) {
            LOG.info("evaluate: {}: {} images, {}", d.name(), d.images(), d.metrics().summary(s.mean()));
        }
        if (results.size() > 1) {
            LOG.info("evaluate: h.mean mIoU {} ({})", String.format(java.util.Locale.ROOT, "%.2f",
                    report.harmonicMean(s.mean()).value()), report.harmonicMean(s.mean()).note());
        }
        ReportWriter.write(report, s.out(), hadoop);
        return new Result(s.out(), report);
    }

    private static int partitions(EvaluateSettings s, JavaSparkContext jsc, int tasks) {
        return s.partitions() > 0 ? s.partitions() : Math.max(1, Math.min(tasks, jsc.defaultParallelism() * 4));
    }

    // ---------------------------------------------------------------- planning (driver)

    private static List<Planned> plan(SparkSession spark, EvaluateSettings s, Configuration hadoop) {
        record Pending(EvalDatasetSettings entry, ManifestView manifest, String domain) {
        }
        List<Pending> pending = new ArrayList<>();
        Map<String, ManifestView> manifests = new HashMap<>();
        for (EvalDatasetSettings e : s.datasets()) {
            ManifestView m = manifests.computeIfAbsent(e.manifest(), loc -> ManifestView.read(spark, loc));
            List<String> present = m.domains(e.split());
            if (present.isEmpty()) {
                throw new BadInputException(e.manifest(), "no samples of split '" + e.split() + "' (gss.evaluate.datasets."
                        + e.name() + ".split); the manifest has splits " + m.rows().stream().map(ManifestEntry::split)
                        .distinct().toList());
            }
            List<String> domains = e.domains().isEmpty() ? present : e.domains();
            for (String d : domains) {
                if (!present.contains(d)) {
                    throw new ConfigError("gss.evaluate.datasets." + e.name() + ".domains: '" + d + "' has no samples in"
                            + " split '" + e.split() + "' of " + e.manifest() + "; present: " + present);
                }
                pending.add(new Pending(e, m, d));
            }
        }
        // A column is named by its entry when the entry has one domain, else by the domain (entry/domain if taken).
        Map<String, Integer> domainUse = new HashMap<>();
        Map<String, Integer> perEntry = new HashMap<>();
        for (Pending p : pending) {
            domainUse.merge(p.domain(), 1, Integer::sum);
            perEntry.merge(p.entry().name(), 1, Integer::sum);
        }
        List<Planned> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Pending p : pending) {
            String name = perEntry.get(p.entry().name()) == 1 ? p.entry().name()
                    : domainUse.get(p.domain()) == 1 && !perEntry.containsKey(p.domain()) ? p.domain()
                    : p.entry().name() + "/" + p.domain();
            if (!names.add(name)) {
                throw new ConfigError("gss.evaluate.datasets: two results would both be named '" + name
                        + "'; rename an entry");
            }
            out.add(planOne(name, p.entry(), p.manifest(), p.domain(), s, hadoop));
        }
        return out;
    }

    private static Planned planOne(String name, EvalDatasetSettings e, ManifestView m, String domain,
            EvaluateSettings s, Configuration hadoop) {
        String key = "gss.evaluate.datasets." + e.name();
        String layoutName = e.layout().isEmpty() ? m.layout() : e.layout();
        DatasetSettings labels = new DatasetSettings(m.dataset(), layoutName, m.root(), List.of(e.split()),
                m.domains(null), e.sharedClasses() > 0 ? "universal" : "own", e.sharedClasses(), BadInputPolicy.FAIL,
                e.layoutOptions());
        DatasetLayout layout;
        LabelMapping mapping;
        try {
            layout = DatasetReaders.open(labels, hadoop);
            mapping = layout.labelMapping(domain);
        } catch (ConfigError | IllegalArgumentException ex) {
            throw new ConfigError(key + ": cannot read the ground truth of " + e.manifest() + " (layout " + layoutName
                    + "): " + ex.getMessage(), ex);
        }
        int k = mapping.numTargetClasses();
        List<String> classNames = classNames(mapping, layoutName, e, m.root(), domain, hadoop);
        ClassMapping toTest = null;
        if (e.taxonomy() == PredictionTaxonomy.UNIVERSAL) {
            int[] table;
            if (!e.universalToTest().isEmpty()) {
                table = e.universalToTest().stream().mapToInt(Integer::intValue).toArray();
            } else {
                try {
                    table = MsegTaxonomy.get().universalToTest(domain);
                } catch (IllegalArgumentException ex) {
                    throw new ConfigError(key + ".taxonomy = universal: " + ex.getMessage()
                            + "; give the table in " + key + ".universal-to-test", ex);
                }
            }
            try {
                toTest = new ClassMapping(table, k);
            } catch (IllegalArgumentException ex) {
                throw new ConfigError(key + ".universal-to-test: " + ex.getMessage() + " (" + domain + " has " + k
                        + " classes)", ex);
            }
        }
        PredictorFactory predictor = Predictors.choose(e.predictions(), e.predictionName(), s.checkpoint(),
                e.inference(), key + ".predictions", s.model());
        int[] palette = LabelPalette.resolve(e.palette(), layoutName, k, hadoop);
        List<ManifestEntry> rows = m.rows(e.split(), domain);
        List<ManifestEntry> train = List.of();
        String reason = null;
        if (e.baselineSplit().isEmpty()) {
            reason = "no baseline split configured";
        } else {
            train = evenlySpaced(m.rows(e.baselineSplit(), domain), s.baselineImages());
            if (train.isEmpty()) {
                reason = "no '" + e.baselineSplit() + "' samples of " + domain + " in the manifest";
            }
        }
        Set<String> panelIds = new HashSet<>();
        if (s.panels() > 0) {
            evenlySpaced(rows, s.panels()).forEach(r -> panelIds.add(r.sampleId()));
        }
        ResultPlan plan = new ResultPlan(name, labels, k, toTest, predictor, null, panelIds, s.panelWidth());
        return new Planned(name, e, domain, m, classNames, palette, plan, rows, train, reason);
    }

    /** The layout's class names; synthetic shared-taxonomy sets carry theirs in dataset_lists/&lt;d&gt;/&lt;d&gt;_names.txt. */
    private static List<String> classNames(LabelMapping mapping, String layout, EvalDatasetSettings e, String root,
            String domain, Configuration hadoop) {
        List<String> names = mapping.targetClasses();
        if (layout.equals("mseg") && e.sharedClasses() > 0) {
            String file = HadoopFiles.resolve(root, "dataset_lists/" + domain + "/" + domain + "_names.txt");
            if (HadoopFiles.exists(file, hadoop)) {
                List<String> lines = HadoopFiles.readLines(file, hadoop).stream().map(String::strip)
                        .filter(l -> !l.isEmpty()).toList();
                if (lines.size() == names.size()) {
                    return lines;
                }
            }
        }
        return names;
    }

    /** n rows spread evenly over the list (all of them when n is 0 or covers it), in order. */
    static <T> List<T> evenlySpaced(List<T> rows, int n) {
        if (n <= 0 || n >= rows.size()) {
            return List.copyOf(rows);
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(rows.get((int) ((long) i * rows.size() / n)));
        }
        return out;
    }

    // ---------------------------------------------------------------- pass 1: image-blind baseline

    private static Map<String, PositionPrior> baselinePriors(SparkSession spark, JavaSparkContext jsc,
            SerializableConfiguration conf, EvaluateSettings s, List<Planned> planned, List<SkippedInput> skipped) {
        Map<String, ResultPlan> plans = new LinkedHashMap<>();
        List<EvalTask> tasks = new ArrayList<>();
        for (Planned p : planned) {
            if (!p.trainRows().isEmpty()) {
                plans.put(p.name(), p.plan());
                p.trainRows().forEach(r -> tasks.add(new EvalTask(p.name(), r)));
            }
        }
        Map<String, PositionPrior> priors = new HashMap<>();
        if (tasks.isEmpty()) {
            return priors;
        }
        int grid = s.baselineGrid();
        BadInputPolicy policy = s.badInput();
        JobProgress progress = JobProgress.start(spark, "evaluate baseline", "training labels", tasks.size());
        LongAccumulator counter = progress.counter();
        Map<String, ClassPositionCounts> counts = new HashMap<>();
        try {
            List<PriorPartition> parts = jsc.parallelize(tasks, partitions(s, jsc, tasks.size()))
                    .mapPartitions(it -> countPartition(it, plans, conf, grid, policy, counter)).collect();
            for (PriorPartition part : parts) {
                part.counts().forEach((k, c) -> counts.merge(k, c, ClassPositionCounts::merge));
                skipped.addAll(part.skipped());
            }
            LOG.info(progress.summary());
        } finally {
            progress.close();
        }
        counts.forEach((k, c) -> {
            PositionPrior prior = c.prior();
            if (prior != null) {
                priors.put(k, prior);
            }
        });
        return priors;
    }

    /** One partition's per-position class counts, per result. */
    record PriorPartition(Map<String, ClassPositionCounts> counts, List<SkippedInput> skipped)
            implements java.io.Serializable {
    }

    private static Iterator<PriorPartition> countPartition(Iterator<EvalTask> it, Map<String, ResultPlan> plans,
            SerializableConfiguration conf, int grid, BadInputPolicy policy, LongAccumulator counter) {
        Map<String, ClassPositionCounts> counts = new HashMap<>();
        List<SkippedInput> skipped = new ArrayList<>();
        try (SampleScorer readers = new SampleScorer(plans, conf.value(), policy)) {
            while (it.hasNext()) {
                EvalTask t = it.next();
                ResultPlan plan = plans.get(t.key());
                try {
                    counts.computeIfAbsent(t.key(), k -> new ClassPositionCounts(grid, plan.numClasses()))
                            .add(readers.layout(plan).readTrainingLabels(t.sample().ref(), conf.value()),
                                    t.sample().labelUri());
                } catch (BadInputException e) {
                    if (policy == BadInputPolicy.FAIL) {
                        throw e;
                    }
                    skipped.add(new SkippedInput(t.key(), t.sample().split(), t.sample().sampleId(), e.file(),
                            e.getMessage()));
                }
                counter.add(1);
            }
        }
        return List.of(new PriorPartition(counts, skipped)).iterator();
    }

    // ---------------------------------------------------------------- pass 2: scoring

    private static Iterator<PartitionScores> scorePartition(Iterator<EvalTask> it, Map<String, ResultPlan> plans,
            SerializableConfiguration conf, BadInputPolicy policy, LongAccumulator counter) {
        PartitionScores scores = PartitionScores.empty();
        try (SampleScorer scorer = new SampleScorer(plans, conf.value(), policy)) {
            while (it.hasNext()) {
                scorer.score(it.next(), scores);
                counter.add(1);
            }
        }
        return List.of(scores).iterator();
    }

    // ---------------------------------------------------------------- report (driver)

    private static DatasetResult result(Planned p, PartitionScores total, PositionPrior prior, EvaluateSettings s) {
        int k = p.plan().numClasses();
        ConfusionMatrix model = total.model().getOrDefault(p.name(), new ConfusionMatrix(k));
        BaselineResult baseline;
        if (prior != null) {
            baseline = new BaselineResult(p.entry().baselineSplit(), prior.images(), prior.grid(),
                    total.baseline().getOrDefault(p.name(), new ConfusionMatrix(k)), null);
        } else {
            baseline = BaselineResult.unavailable(p.entry().baselineSplit(), p.baselineReason() != null
                    ? p.baselineReason() : "no usable '" + p.entry().baselineSplit() + "' labels");
        }
        List<PartitionScores.Digest> digests = new ArrayList<>(total.digests().stream()
                .filter(d -> d.key().equals(p.name())).toList());
        digests.sort(Comparator.comparing(PartitionScores.Digest::id));
        StringBuilder lines = new StringBuilder();
        digests.forEach(d -> lines.append(d.id()).append('\t').append(d.sha256()).append('\n'));
        List<Panel> panels = new ArrayList<>(total.panels().stream().filter(x -> x.key().equals(p.name()))
                .map(PartitionScores.KeyedPanel::panel).toList());
        panels.sort(Comparator.comparing(Panel::sampleId));
        EvalDatasetSettings e = p.entry();
        String inference = e.predictions().isEmpty() ? e.inference().describe()
                : "not applied (predictions read from PNG files; configured: " + e.inference().describe() + ")";
        return new DatasetResult(p.name(), e.name(), p.domain(), e.split(), p.manifest().location(),
                p.manifest().contentHash(), e.taxonomy().id(), inference, p.classNames(), p.palette(), model,
                total.images().getOrDefault(p.name(), 0L), GssConfig.sha256(lines.toString()), baseline, panels);
    }

    private static PredictionSource source(List<Planned> planned, List<DatasetResult> results) {
        List<String> kinds = planned.stream().map(p -> p.plan().predictor().kind()).distinct().toList();
        List<String> locations = planned.stream().map(p -> p.plan().predictor().location()).distinct().toList();
        StringBuilder ids = new StringBuilder(String.join(",", kinds)).append('\n');
        results.forEach(r -> ids.append(r.name()).append('\t').append(r.predictionsSha256()).append('\n'));
        return new PredictionSource(String.join("+", kinds), String.join(", ", locations),
                GssConfig.sha256(ids.toString()));
    }

    private static List<SkippedInput> sorted(List<SkippedInput> skipped) {
        List<SkippedInput> out = new ArrayList<>(skipped);
        out.sort(Comparator.comparing(SkippedInput::dataset).thenComparing(SkippedInput::split)
                .thenComparing(SkippedInput::id));
        return Collections.unmodifiableList(out);
    }
}
