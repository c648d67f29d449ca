package org.gss.cluster;

import static org.gss.cluster.ClusterIt.deleteTree;
import static org.gss.cluster.ClusterIt.report;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gss.cli.Main;
import org.gss.jobs.TestSpark;
import org.gss.store.ManifestStore;
import org.gss.testing.GssCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pipeline of conf/demo.conf, shrunk, on a real standalone cluster: a Master and two Workers (1 core each) as
 * separate JVMs, each stage submitted with the shaded jar. {@code index → token-cache build → train (3 averaging rounds
 * on cached targets) → evaluate} must give the same token cache, the same trained parameters and the same metrics as
 * the same command lines run embedded ({@code local[2]}, in this JVM); and a token-cache build that loses a Worker and
 * its executor in the middle must still publish the clean cache.
 *
 * <p>Shared by both tests (once, in {@link #setUp}): the cluster, the synthetic dataset (3 domains, 30 images of
 * 128×64), a tiny VQ tokenizer trained for a few steps (its quality is irrelevant here: both runs use the same file),
 * and the embedded run of the whole pipeline, which is the reference for both tests.
 */
class ClusterPipelineIT {
    static final Path DIR = Path.of("target", "cluster-it", "ClusterPipelineIT").toAbsolutePath();
    static final Path DATA = DIR.resolve("data");
    static final Path TOKENIZER = DIR.resolve("tokenizer").resolve("own.zip");
    /** Event logs of the pipeline's spark-submit runs (what a History Server reads). */
    static final Path EVENTS = DIR.resolve("events");
    static final List<List<String>> PIPELINE = List.of(List.of("index"), List.of("token-cache", "build"),
            List.of("train"), List.of("evaluate"));
    /** 3 domains × (4 train shards of 2 images + 1 val shard of 2): 15 token-cache tasks. */
    static final int SAMPLES = 30;
    static final int SHARDS = 15;
    static final int ROUNDS = 3;
    static CompletableFuture<StandaloneCluster> clusterStart;
    static StandaloneCluster cluster;
    static SparkSession embedded;
    static PipelineRun reference;

    /**
     * conf/demo.conf with its sizes cut down; only {@code gss.work-dir} differs between runs. Training: 3 iterations of
     * 2 crops per worker with the parameters averaged after each, i.e. 3 rounds, with token targets from the cache.
     */
    static List<String> sets(Path workDir) {
        return List.of("gss.work-dir=\"" + workDir + "\"", "gss.dataset.root=\"" + DATA + "\"",
                "gss.synth.train-images=8", "gss.synth.val-images=2", "gss.index.shard-size=2",
                "gss.tokenizer.checkpoint=\"" + TOKENIZER + "\"", "gss.tokenizer.codebook-size=32",
                "gss.tokenizer.hidden=8", "gss.tokenizer.embedding-dim=8", "gss.tokenizer.train.iterations=8",
                "gss.tokenizer.train.batch=4", "gss.tokenizer.train.crop=32", "gss.tokenizer.train.log-every=4",
                "gss.train.targets=cached", "gss.train.iterations=" + ROUNDS, "gss.train.averaging-frequency=1",
                "gss.train.batch-per-worker=2", "gss.train.optimizer.warmup-iterations=1",
                "gss.train.checkpoint-every=" + ROUNDS, "gss.train.log-every=1");
    }

    /**
     * Spark (3.4 and later) starts executor JVMs with {@code OMP_NUM_THREADS} = {@code spark.task.cpus} (1 here), so
     * ND4J there runs each op on one thread, while the embedded run's ND4J, in this JVM, uses every core. Reductions
     * split over a different number of threads add in a different order: that alone moved 40% of the trained
     * parameters by up to 2e-6 after 3 rounds of 2 steps (held-out scores still agreed to 6 digits). Executors get
     * this JVM's ND4J thread count, and training is then bit for bit the same.
     */
    static Map<String, String> embeddedNd4jThreads() {
        return Map.of("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(Nd4j.getEnvironment().maxThreads()));
    }

    @BeforeAll
    static void setUp() throws Exception {
        deleteTree(DIR);
        Files.createDirectories(EVENTS);
        long t0 = System.nanoTime();
        // the daemons start while this JVM makes the data and the reference run (they mostly wait on each other)
        clusterStart = CompletableFuture.supplyAsync(() -> {
            try {
                return StandaloneCluster.builder().workers(2).logDir(DIR.resolve("logs")).start();
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });
        embedded = TestSpark.start(2);
        reference = new PipelineRun(DIR.resolve("embedded"));
        List<String> sets = sets(reference.workDir());
        runEmbedded(List.of("synth"), sets);
        for (List<String> command : PIPELINE) {
            runEmbedded(command, sets);
            if (command.equals(List.of("index"))) {
                runEmbedded(List.of("tokenizer", "train"), sets); // from the manifest's train split
            }
        }
        cluster = clusterStart.join();
        report("cluster of 2 workers ready in %d ms (started in the background)", cluster.startTime().toMillis());
        report("set-up (cluster, data, tokenizer, embedded pipeline) %d ms", millisSince(t0));
    }

    @AfterAll
    static void tearDown() {
        if (embedded != null) {
            embedded.stop();
        }
        if (cluster == null && clusterStart != null) {
            cluster = clusterStart.exceptionally(e -> null).join(); // the set-up failed before it needed the cluster
        }
        if (cluster != null) {
            UsageReport u = cluster.usage();
            report("usage over the whole class: %s", u);
            report("CPU seconds: test JVM %.1f, cluster processes %.1f", ProcessHandle.current().info()
                    .totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN), u.cpuSeconds(""));
            cluster.close();
        }
    }

    @Test
    void pipelineOnTheClusterGivesTheEmbeddedCacheModelAndMetrics() throws Exception {
        PipelineRun onCluster = new PipelineRun(DIR.resolve("cluster"));
        List<String> sets = sets(onCluster.workDir());
        Map<String, SubmitResult> results = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Map<String, String> eventLog = new LinkedHashMap<>(embeddedNd4jThreads());
        eventLog.put("spark.eventLog.enabled", "true");
        eventLog.put("spark.eventLog.dir", EVENTS.toUri().toString());
        for (List<String> command : PIPELINE) {
            results.put(command.get(0), submitOk(command, sets, eventLog));
        }
        report("pipeline on the cluster %d ms", millisSince(t0));
        String failureContext = "\nlogs under " + cluster.logDir();

        // the event logs name every application as spark-submit --name did, and its jobs as pipeline steps
        Map<String, List<String>> jobs = jobDescriptions(EVENTS);
        assertEquals(List.of("gss-it evaluate", "gss-it index", "gss-it token-cache", "gss-it train"),
                jobs.keySet().stream().sorted().toList());
        assertTrue(jobs.get("gss-it index").contains("index demo: " + SAMPLES + " samples"), jobs.toString());
        assertTrue(jobs.get("gss-it token-cache").contains("token-cache build: encode " + SAMPLES + " images in "
                + SHARDS + " shards"), jobs.toString());
        // the store's own jobs are named too (the manifest written by index, read by the later stages)
        assertTrue(jobs.get("gss-it index").stream().anyMatch(d -> d.startsWith("manifest: write " + SAMPLES
                + " samples to ")), jobs.get("gss-it index").toString());
        for (String app : List.of("gss-it token-cache", "gss-it train", "gss-it evaluate")) {
            assertTrue(jobs.get(app).stream().anyMatch(d -> d.startsWith("manifest: read ")), app + " " + jobs.get(app));
        }
        for (int r = 1; r <= ROUNDS; r++) {
            assertTrue(jobs.get("gss-it train").contains("train: round " + r + "/" + ROUNDS + " (iterations " + r
                    + "-" + r + " of " + ROUNDS + ")"), jobs.get("gss-it train").toString());
        }

        assertEquals(ManifestStore.read(embedded, reference.manifest().toString()),
                ManifestStore.read(embedded, onCluster.manifest().toString()), failureContext);
        assertTrue(results.get("index").stdout().contains("index: " + SAMPLES + " samples"),
                results.get("index").describe());

        PipelineRun.CacheContents expected = reference.cache(conf());
        assertEquals(SAMPLES * 2, expected.entries().size(), "2 views (scale 1, flipped or not) per sample");
        assertSameCache(expected, onCluster.cache(conf()), failureContext);

        // Bit for bit: both runs split each round's crops into the same 2 partitions (one per worker, built from
        // (seed, round) alone), each partition is fitted alone on a copy of the same parameters with the same ND4J
        // thread count, and the average of 2 (a + b, then / 2) does not depend on which result arrives first.
        String curve = reference.trainingCurve();
        assertEquals(1 + ROUNDS, curve.strip().split("\n").length, "a held-out score per round:\n" + curve);
        assertEquals(curve, onCluster.trainingCurve(), failureContext);
        SubmitResult train = results.get("train");
        Matcher rounds = Pattern.compile("Job \\d+ finished: treeAggregate at ParameterAveragingTrainingMaster")
                .matcher(train.stderr());
        assertEquals(ROUNDS, rounds.results().count(), "one parameter averaging per round\n" + train.describe());
        PipelineRun.Parameters p = reference.latestParameters(conf());
        PipelineRun.Parameters q = onCluster.latestParameters(conf());
        assertEquals(ROUNDS, p.iteration());
        assertEquals(p.iteration(), q.iteration());
        assertArrayEquals(p.values(), q.values(), () -> "parameters differ; largest difference "
                + largestDifference(p.values(), q.values()) + failureContext);

        JsonNode metrics = reference.metrics();
        assertEquals(3, metrics.get("datasets").size(), "one result per domain");
        assertTrue(metrics.get("datasets").get(0).get("images").asInt() > 0, metrics.toString());
        List<String> differences = PipelineRun.differences(metrics, onCluster.metrics(), 10);
        assertTrue(differences.isEmpty(), "metrics.json differs:\n" + String.join("\n", differences) + failureContext);
        assertTrue(results.get("evaluate").stdout().contains("h.mean mIoU"), results.get("evaluate").describe());

        // training really ran on both executors, not in the driver
        String trainApp = appId(results.get("train"));
        for (int w : cluster.liveWorkerIndexes()) {
            assertTrue(cluster.executorLogText(w, trainApp).contains("Running task"),
                    "no training task on worker-" + w + cluster.logTails(Optional.of(trainApp), 3000));
        }
    }

    /**
     * A Worker JVM and its executor are SIGKILLed while that executor encodes a shard, after at least one shard has
     * finished: the driver must see the executor go, rerun its shard on the survivor, and publish the same cache version
     * with the same entries as the clean (embedded) build.
     */
    @Test
    void killingAWorkerDuringTheTokenCacheBuildStillGivesTheCleanCache() throws Exception {
        Path work = DIR.resolve("kill");
        List<String> sets = new ArrayList<>(sets(work));
        sets.add("gss.token-cache.manifest=\"" + reference.manifest() + "\"");
        List<Integer> live = cluster.liveWorkerIndexes();
        assertEquals(2, live.size());

        DriverRun driver = cluster.launch(args(List.of("token-cache", "build"), sets), embeddedNd4jThreads());
        String app = driver.awaitAppId(Duration.ofMinutes(2));
        int stage = awaitStage(driver, "TokenCacheBuild.java", Duration.ofMinutes(3));
        int victim = awaitWorkerInsideATask(driver, app, stage, live, Duration.ofMinutes(3));
        long killedAt = System.nanoTime();
        StandaloneCluster.KilledWorker killed = cluster.killWorker(victim);
        SubmitResult r;
        try {
            r = driver.await(Duration.ofMinutes(5));
        } finally {
            cluster.addWorker(); // two Workers again for the other test
        }
        assertOk(r, app);
        report("kill: killed %s (pid %d, executors %s) inside a task of stage %d; the build finished %d ms later (%d "
                + "ms in all)", killed.name(), killed.workerPid(), killed.executorPids(), stage, millisSince(killedAt),
                r.wall().toMillis());
        String driverLog = r.stderr();
        assertTrue(driverLog.contains("Lost executor"), r.describe());
        assertTrue(Pattern.compile("Starting task \\d+\\.1 in stage " + stage + "\\.").matcher(driverLog).find(),
                "the lost shard was not run again:\n" + r.describe());
        assertTrue(r.stdout().contains(SAMPLES + " samples (" + SAMPLES + " encoded, 0 reused)"), r.describe());
        assertTrue(r.stdout().contains("; " + SHARDS + " segments"), r.describe());
        assertSameCache(reference.cache(conf()), PipelineRun.cache(work.resolve("token-cache/demo"), conf()),
                "logs under " + cluster.logDir());
    }

    // ---------------------------------------------------------------- chaos: training, evaluation, driver loss

    /** Settings of a run in {@code work} that reads the reference run's manifest and token cache. */
    static List<String> onReferenceInputs(Path work, String... more) {
        List<String> s = new ArrayList<>(sets(work));
        s.add("gss.index.out=\"" + reference.manifest() + "\"");
        s.add("gss.token-cache.root=\"" + reference.cacheRoot() + "\"");
        s.addAll(List.of(more));
        return s;
    }

    /** The result stage of each averaging round: DL4J's treeAggregate over the round's 2 partitions. */
    static final Pattern ROUND_STAGE = Pattern.compile(
            "Submitting ResultStage (\\d+) \\(.* at ParameterAveragingTrainingMaster\\.java:\\d+\\)");

    /**
     * A Worker and its executor are SIGKILLed inside a task of the second averaging round (the first round finished
     * undisturbed); a new Worker joins at once. The driver must run the lost partition again on the survivor and end with
     * the parameters and held-out curve of the undisturbed (reference) run, bit for bit: a partition's crops, its start
     * parameters (the round's broadcast) and its ND4J thread count do not depend on which executor fits it, and the
     * average of 2 does not depend on which result arrives first.
     */
    @Test
    void killingAnExecutorDuringATrainingRoundGivesTheUndisturbedParameters() throws Exception {
        PipelineRun run = new PipelineRun(DIR.resolve("kill-train"));
        List<Integer> live = cluster.liveWorkerIndexes();
        assertEquals(2, live.size());
        long t0 = System.nanoTime();
        DriverRun driver = cluster.launch(args(List.of("train"), onReferenceInputs(run.workDir())),
                embeddedNd4jThreads());
        String app = driver.awaitAppId(Duration.ofMinutes(3));
        int stage = awaitStage(driver, ROUND_STAGE, 2, Duration.ofMinutes(5));
        int victim = awaitWorkerInsideTaskOf(driver, app, stage, live, Duration.ofMinutes(5));
        StandaloneCluster.KilledWorker killed = cluster.killWorker(victim);
        long killedAt = System.nanoTime();
        SubmitResult r;
        try {
            cluster.addWorker(); // joins while training goes on; two Workers again for the other tests
            r = driver.await(Duration.ofMinutes(8));
        } finally {
            report("chaos train: killed %s (pid %d, executors %s) inside a task of round 2 (stage %d); training ended "
                    + "%d ms later, %d ms in all", killed.name(), killed.workerPid(), killed.executorPids(), stage,
                    millisSince(killedAt), millisSince(t0));
        }
        assertOk(r, app);
        String log = r.stderr();
        assertTrue(log.contains("Lost executor"), r.describe());
        assertTrue(Pattern.compile("Starting task \\d+\\.1 in stage " + stage + "\\.").matcher(log).find(),
                "the lost partition was not fitted again:\n" + r.describe());
        assertEquals(ROUNDS, Pattern.compile("Job \\d+ finished: treeAggregate at ParameterAveragingTrainingMaster")
                .matcher(log).results().count(), "one parameter averaging per round\n" + r.describe());
        assertSameTraining(reference, run, "logs under " + cluster.logDir());
    }

    /**
     * A Worker and its executor are SIGKILLed inside a scoring task of {@code gss evaluate} (the reference run's
     * checkpoint and manifest): the lost images are scored again on the survivor and metrics.json is the reference's,
     * field for field (creation time, config and paths aside).
     */
    @Test
    void killingAnExecutorDuringEvaluateGivesTheSameMetrics() throws Exception {
        PipelineRun run = new PipelineRun(DIR.resolve("kill-eval"));
        List<Integer> live = cluster.liveWorkerIndexes();
        assertEquals(2, live.size());
        long t0 = System.nanoTime();
        DriverRun driver = cluster.launch(args(List.of("evaluate"), onReferenceInputs(run.workDir(),
                "gss.train.out=\"" + reference.trainOut() + "\"")), embeddedNd4jThreads());
        String app = driver.awaitAppId(Duration.ofMinutes(3));
        Pattern scoring = Pattern.compile("Submitting ResultStage (\\d+) \\(.* at EvaluateJob\\.java:"
                + sourceLine("gss-spark-jobs/src/main/java/org/gss/jobs/eval/EvaluateJob.java", "scorePartition(it")
                + "\\)");
        int stage = awaitStage(driver, scoring, 1, Duration.ofMinutes(5));
        int victim = awaitWorkerInsideTaskOf(driver, app, stage, live, Duration.ofMinutes(5));
        StandaloneCluster.KilledWorker killed = cluster.killWorker(victim);
        long killedAt = System.nanoTime();
        SubmitResult r;
        try {
            cluster.addWorker();
            r = driver.await(Duration.ofMinutes(8));
        } finally {
            report("chaos evaluate: killed %s (pid %d, executors %s) inside a scoring task (stage %d); evaluate ended "
                    + "%d ms later, %d ms in all", killed.name(), killed.workerPid(), killed.executorPids(), stage,
                    millisSince(killedAt), millisSince(t0));
        }
        assertOk(r, app);
        assertTrue(r.stderr().contains("Lost executor"), r.describe());
        assertTrue(Pattern.compile("Starting task \\d+\\.1 in stage " + stage + "\\.").matcher(r.stderr()).find(),
                "the lost images were not scored again:\n" + r.describe());
        List<String> differences = PipelineRun.differences(reference.metrics(), run.metrics(), 10);
        assertTrue(differences.isEmpty(), "metrics.json differs:\n" + String.join("\n", differences)
                + "\nlogs under " + cluster.logDir());
    }

    /**
     * The driver JVM of {@code gss train} on the cluster is SIGKILLed during the second averaging round, after the
     * checkpoint of round 1 (checkpoint-every 1 here); {@code gss train --resume}, a new driver and application, must
     * end with the parameters and curve of the uninterrupted reference run. Nightly profile ({@code -Pchaos}): two
     * training submissions.
     */
    @Test
    @Tag("chaos-nightly")
    void killingTheDriverMidTrainingThenResumingGivesTheUninterruptedRun() throws Exception {
        PipelineRun run = new PipelineRun(DIR.resolve("kill-driver"));
        List<String> sets = onReferenceInputs(run.workDir(), "gss.train.checkpoint-every=1");
        long t0 = System.nanoTime();
        DriverRun first = cluster.launch(args(List.of("train"), sets), embeddedNd4jThreads());
        String app = first.awaitAppId(Duration.ofMinutes(3));
        int stage = awaitStage(first, ROUND_STAGE, 2, Duration.ofMinutes(5));
        awaitWorkerInsideTaskOf(first, app, stage, cluster.liveWorkerIndexes(), Duration.ofMinutes(5));
        first.kill();
        Path latest = run.trainOut().resolve("checkpoints").resolve("LATEST");
        assertTrue(Files.exists(latest), "no checkpoint before the kill under " + run.trainOut());
        report("chaos driver: driver of %s SIGKILLed in round 2 (stage %d), %d ms after its start; LATEST: %s", app,
                stage, millisSince(t0), Files.readString(latest).strip());

        SubmitResult r = submitOk(List.of("train", "--resume"), sets);
        report("chaos driver: kill and resume %d ms in all", millisSince(t0));
        assertTrue(r.stderr().contains("train: resuming from") || r.stdout().contains("train: resuming from"),
                r.describe());
        assertSameTraining(reference, run, "logs under " + cluster.logDir());
    }

    static void assertSameTraining(PipelineRun expected, PipelineRun actual, String context) {
        assertEquals(expected.trainingCurve(), actual.trainingCurve(), context);
        PipelineRun.Parameters p = expected.latestParameters(conf());
        PipelineRun.Parameters q = actual.latestParameters(conf());
        assertEquals(p.iteration(), q.iteration(), context);
        assertArrayEquals(p.values(), q.values(), () -> "parameters differ; largest difference "
                + largestDifference(p.values(), q.values()) + context);
    }

    /** The 1-based line of the first line of a source file that contains {@code text} (Spark names stages by line). */
    static int sourceLine(String file, String text) throws IOException {
        List<String> lines = Files.readAllLines(BuildArtifacts.locate().projectRoot().resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalStateException("no line with '" + text + "' in " + file);
    }

    /** The id of the {@code nth} (1-based) stage submission the pattern (group 1: the stage id) matches. */
    static int awaitStage(DriverRun driver, Pattern stageLine, int nth, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && driver.isAlive()) {
            List<Integer> ids = stageLine.matcher(driver.stderrSoFar()).results()
                    .map(m -> Integer.parseInt(m.group(1))).toList();
            if (ids.size() >= nth) {
                return ids.get(nth - 1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the driver never submitted stage " + nth + " matching " + stageLine + "\n"
                + SubmitResult.tail(driver.stderrSoFar(), 8000));
    }

    /** Waits until an executor of one of the Workers is inside a task of the stage; returns that Worker. */
    static int awaitWorkerInsideTaskOf(DriverRun driver, String app, int stage, List<Integer> workers,
            Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!driver.isAlive()) {
                fail("the job ended before a kill could land in stage " + stage + "\n"
                        + SubmitResult.tail(driver.stderrSoFar(), 8000));
            }
            for (int i = workers.size() - 1; i >= 0; i--) {
                if (cluster.runsTaskOfStage(workers.get(i), app, stage)) {
                    return workers.get(i);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no executor was inside a task of stage " + stage + "\n"
                + SubmitResult.tail(driver.stderrSoFar(), 8000) + cluster.logTails(Optional.of(app), 3000));
    }

    // ---------------------------------------------------------------- running commands

    static List<String> args(List<String> command, List<String> sets) {
        List<String> a = new ArrayList<>(command);
        a.add("--config");
        a.add(BuildArtifacts.locate().projectRoot().resolve("conf/demo.conf").toString());
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a;
    }

    /** Main.run in this JVM, on the shared local[2] session (as bin/gss would, minus the JVM start). */
    static void runEmbedded(List<String> command, List<String> sets) {
        long t0 = System.nanoTime();
        GssCli.Run r = GssCli.run(args(command, sets));
        String log = r.output();
        assertEquals(Main.OK, r.code(), "embedded gss " + String.join(" ", command) + " failed:\n" + log);
        report("embedded %s: %d ms", String.join(" ", command), millisSince(t0));
    }

    /** spark-submit of one command to the cluster; a failure shows the driver's, Master's, Workers' and executors' logs. */
    static SubmitResult submitOk(List<String> command, List<String> sets) throws Exception {
        return submitOk(command, sets, embeddedNd4jThreads());
    }

    static SubmitResult submitOk(List<String> command, List<String> sets, Map<String, String> conf) throws Exception {
        UsageReport before = cluster.usage();
        SubmitResult r = cluster.submit(args(command, sets), conf);
        assertOk(r, appIdIfAny(r).orElse(null));
        report("cluster %s: %d ms (driver JVM start to exit); %s", String.join(" ", command), r.wall().toMillis(),
                UsageReport.newSince(cluster, before));
        return r;
    }

    static void assertOk(SubmitResult r, String app) {
        if (r.exitCode() != Main.OK) {
            fail(r.describe() + cluster.logTails(Optional.ofNullable(app), 4000));
        }
    }

    static String appId(SubmitResult r) {
        return appIdIfAny(r).orElseThrow(() -> new AssertionError("no application id in the driver log\n"
                + r.describe()));
    }

    static Optional<String> appIdIfAny(SubmitResult r) {
        Matcher m = Pattern.compile("Connected to Spark cluster with app ID (app-\\S+)").matcher(r.stderr());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The id of the result stage whose RDD was made at a line of {@code sourceFile}, once the driver submits it. */
    static int awaitStage(DriverRun driver, String sourceFile, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile("Submitting ResultStage (\\d+) \\(.* at " + Pattern.quote(sourceFile) + ":\\d+\\)");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && driver.isAlive()) {
            Matcher m = p.matcher(driver.stderrSoFar());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the driver never submitted a stage of " + sourceFile + "\n"
                + SubmitResult.tail(driver.stderrSoFar(), 8000));
    }

    /**
     * Waits for the middle of the stage: at least one of its tasks finished, at least two not yet, and a Worker's
     * executor inside one of them (its log says it started a task it has not finished). Returns that Worker.
     */
    static int awaitWorkerInsideATask(DriverRun driver, String app, int stage, List<Integer> workers,
            Duration timeout) throws Exception {
        Pattern done = Pattern.compile("Finished task \\S+ in stage " + stage + "\\.\\d+ .*\\((\\d+)/(\\d+)\\)");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!driver.isAlive()) {
                fail("the build ended before a kill could land; make its tasks longer or more\n"
                        + SubmitResult.tail(driver.stderrSoFar(), 8000));
            }
            Matcher m = done.matcher(driver.stderrSoFar());
            int finished = 0;
            int total = Integer.MAX_VALUE;
            while (m.find()) {
                finished = Integer.parseInt(m.group(1));
                total = Integer.parseInt(m.group(2));
            }
            if (finished >= 1 && finished <= total - 2) {
                for (int i = workers.size() - 1; i >= 0; i--) {
                    if (cluster.runsTaskOfStage(workers.get(i), app, stage)) {
                        return workers.get(i);
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no executor was inside a task of stage " + stage + " in the middle of the stage\n"
                + SubmitResult.tail(driver.stderrSoFar(), 8000) + cluster.logTails(Optional.of(app), 3000));
    }

    // ---------------------------------------------------------------- small helpers

    static void assertSameCache(PipelineRun.CacheContents expected, PipelineRun.CacheContents actual, String context) {
        String d = PipelineRun.differences(expected, actual);
        assertTrue(d.isEmpty(), "token caches differ:\n" + d + context);
        assertEquals(expected, actual, context);
    }

    /** App name → the descriptions of its jobs in start order ("" for a job without one), from Spark event logs. */
    static Map<String, List<String>> jobDescriptions(Path eventDir) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (var files = Files.list(eventDir)) {
            for (Path log : files.filter(Files::isRegularFile).sorted().toList()) {
                String app = "?";
                List<String> jobs = new ArrayList<>();
                for (String line : Files.readAllLines(log)) {
                    JsonNode e = json.readTree(line);
                    switch (e.path("Event").asText()) {
                        case "SparkListenerApplicationStart" -> app = e.path("App Name").asText();
                        case "SparkListenerJobStart" -> jobs.add(e.path("Properties").path("spark.job.description")
                                .asText(""));
                        default -> {
                        }
                    }
                }
                out.put(app, jobs);
            }
        }
        return out;
    }

    static Configuration conf() {
        return embedded.sparkContext().hadoopConfiguration();
    }

    static String largestDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            return "(lengths " + a.length + " and " + b.length + ")";
        }
        double max = 0;
        int at = -1;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (d > max) {
                max = d;
                at = i;
            }
        }
        return String.format(Locale.ROOT, "%.3e at %d of %d", max, at, a.length);
    }

    static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

}
