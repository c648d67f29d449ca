package org.gss.cluster;

import static org.gss.cluster.ClusterIt.deleteTree;
import static org.gss.cluster.ClusterIt.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.gss.cli.Main;
import org.gss.data.manifest.ManifestEntry;
import org.gss.jobs.TestSpark;
import org.gss.store.ManifestStore;
import org.gss.testing.GssCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code gss index} submitted to a real two-Worker standalone cluster (separate JVMs, the shaded jar shipped to the
 * executors) writes the same manifest, row for row and hash for hash, as the embedded run of the same command line;
 * and it still does when a Worker and its executor are killed in the middle of the job.
 */
class ClusterIndexIT {
    static final Path DIR = Path.of("target", "cluster-it", "ClusterIndexIT").toAbsolutePath();
    static StandaloneCluster cluster;
    static SparkSession embedded;

    @BeforeAll
    static void start() throws Exception {
        deleteTree(DIR);
        Files.createDirectories(DIR);
        cluster = StandaloneCluster.builder().workers(2).logDir(DIR.resolve("logs")).start();
        report("cluster of 2 workers ready in %d ms; idle: %s", cluster.startTime().toMillis(),
                cluster.usage());
        // The embedded side of each comparison: Main.run in this JVM on local[2], built exactly as the jobs build it.
        embedded = TestSpark.start(2);
    }

    @AfterAll
    static void stop() {
        if (embedded != null) {
            embedded.stop();
        }
        if (cluster != null) {
            report("usage over the whole class: %s", cluster.usage());
            cluster.close();
        }
    }

    @Test
    void cityscapesManifestFromTheClusterEqualsTheEmbeddedOne() throws Exception {
        Path data = DIR.resolve("cityscapes");
        List<String> sets = List.of("gss.dataset.layout=cityscapes", "gss.dataset.name=cs-it",
                "gss.dataset.root=\"" + data + "\"", "gss.synth.width=128", "gss.synth.height=64",
                "gss.synth.train-images=12", "gss.synth.val-images=5", "gss.synth.classes=8",
                "gss.index.shard-size=4", "gss.index.partitions=6",
                "gss.index.out=\"" + DIR.resolve("cs-manifest") + "\"", "gss.spark.master=\"local[2]\"");
        synth(sets);
        Run run = indexEmbeddedThenOnCluster("cityscapes", sets, DIR.resolve("cs-manifest"));
        run.assertSameManifest(17);
        assertTrue(run.submitted.stdout().contains("index: 17 samples"), run.submitted.describe());
        // the work ran in both executors, not in the driver
        String app = appId(run.submitted);
        for (int w : cluster.liveWorkerIndexes()) {
            assertTrue(cluster.executorLogText(w, app).contains("Running task"),
                    "no task of " + app + " on worker-" + w);
        }
    }

    /**
     * Also the test of deploy/submit-standalone.sh: this run goes through the wrapper (and Spark's launcher library,
     * as with a distribution's spark-submit), so the driver must get the wrapper's JVM options and the gss arguments
     * must arrive unchanged (spaces and brackets included), or the config hash would differ.
     */
    @Test
    void threeDomainMsegManifestSubmittedWithTheStandaloneScriptEqualsTheEmbeddedOne() throws Exception {
        Path data = DIR.resolve("mseg");
        Path out = DIR.resolve("mseg-manifest");
        List<String> sets = List.of("gss.dataset.layout=mseg", "gss.dataset.name=mseg-it",
                "gss.dataset.root=\"" + data + "\"", "gss.dataset.taxonomy=universal", "gss.dataset.classes=8",
                "gss.synth.domains=[domain-a, domain-b, domain-c]", "gss.synth.width=96", "gss.synth.height=64",
                "gss.synth.train-images=6", "gss.synth.val-images=3", "gss.synth.classes=8",
                "gss.index.shard-size=4", "gss.index.partitions=6", "gss.index.out=\"" + out + "\"",
                "gss.spark.master=\"local[2]\"");
        synth(sets);
        Path clean = indexEmbedded(sets, out, "mseg");

        Path script = BuildArtifacts.locate().projectRoot().resolve("deploy/submit-standalone.sh");
        UsageReport before = cluster.usage();
        DriverRun driver = cluster.launchScript(script, args("index", sets), Map.of());
        String jvm = driver.awaitJvmCommandLine("org.apache.spark.deploy.SparkSubmit", Duration.ofMinutes(1));
        SubmitResult r = driver.await(Duration.ofMinutes(5));
        assertEquals(Main.OK, r.exitCode(), r.describe());
        report("mseg: index on the cluster through deploy/submit-standalone.sh %d ms; %s", r.wall().toMillis(),
                UsageReport.newSince(cluster, before));
        for (String option : List.of("-Dorg.bytedeco.javacpp.platform.extension=-onednn", "-Xmx2g",
                "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "-Dlog4j2.configurationFile=")) {
            assertTrue(jvm.contains(option), "driver JVM lacks " + option + ": " + jvm);
        }
        // ... and so must the executors (Spark prints each executor's command at the top of its log)
        String app = cluster.latestAppId().orElseThrow();
        for (int w : cluster.liveWorkerIndexes()) {
            String log = cluster.executorLogText(w, app);
            assertTrue(log.contains("-Dorg.bytedeco.javacpp.platform.extension=-onednn"), log);
            assertTrue(log.contains("Running task"), "no task of " + app + " on worker-" + w);
        }
        assertTrue(r.stdout().contains("index: 27 samples"), r.describe());
        List<ManifestEntry> rows = new Run(clean, out, r).assertSameManifest(27);
        assertEquals(List.of("domain-a", "domain-b", "domain-c"),
                rows.stream().map(ManifestEntry::dataset).distinct().sorted().toList());
    }

    /**
     * A Worker JVM and its executor are SIGKILLed while the victim runs a task of the index job: Spark must notice the
     * lost executor, rerun its tasks (and recompute its cached partitions) on the survivor, and the manifest must come
     * out identical to a clean run's. Sized so that each of the 4 tasks takes seconds, not milliseconds.
     */
    @Test
    void killingAWorkerInTheMiddleOfTheJobStillGivesTheCleanManifest() throws Exception {
        Path data = DIR.resolve("kill");
        Path out = DIR.resolve("kill-manifest");
        List<String> sets = List.of("gss.dataset.layout=cityscapes", "gss.dataset.name=kill-it",
                "gss.dataset.root=\"" + data + "\"", "gss.dataset.splits=[train]", "gss.synth.width=256",
                "gss.synth.height=128", "gss.synth.train-images=240", "gss.synth.val-images=0",
                "gss.synth.classes=8", "gss.index.shard-size=32", "gss.index.partitions=4",
                "gss.index.out=\"" + out + "\"", "gss.spark.master=\"local[2]\"");
        synth(sets);
        Path clean = indexEmbedded(sets, out, "kill");

        List<Integer> live = cluster.liveWorkerIndexes();
        assertEquals(2, live.size());
        int victim = live.get(1);
        UsageReport before = cluster.usage();
        DriverRun driver = cluster.launch(args("index", sets));
        String app = driver.awaitAppId(Duration.ofMinutes(2));
        cluster.awaitExecutorLog(victim, app, "Running task", Duration.ofMinutes(3));
        assertTrue(driver.isAlive(), "the job ended before the kill:\n" + driver.stdoutSoFar());
        long killedAt = System.nanoTime();
        StandaloneCluster.KilledWorker killed = cluster.killWorker(victim);
        SubmitResult r;
        try {
            r = driver.await(Duration.ofMinutes(5));
        } finally {
            cluster.addWorker(); // back to two Workers for whatever runs next
        }
        long afterKillMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertEquals(Main.OK, r.exitCode(), r.describe());
        report("kill: killed %s (pid %d) and its executors %s while a task ran; the job finished %d ms later "
                + "(%d ms in all); %s", killed.name(), killed.workerPid(), killed.executorPids(), afterKillMs,
                r.wall().toMillis(), UsageReport.newSince(cluster, before));
        assertFalse(killed.executorPids().isEmpty(), "the victim had no executor");
        // the driver saw the executor go, and ran the task it lost again (attempt 1) on the survivor
        String driverLog = r.stderr();
        assertTrue(driverLog.contains("Lost executor"), r.describe());
        assertTrue(Pattern.compile("Starting task \\d+\\.1 in stage 0\\.0").matcher(driverLog).find(), r.describe());
        assertTrue(r.stdout().contains("index: 240 samples"), r.describe());
        new Run(clean, out, r).assertSameManifest(240);
    }

    /** Two published manifests of the same command line: the embedded one (moved aside) and the cluster's. */
    record Run(Path embeddedOut, Path clusterOut, SubmitResult submitted) {
        List<ManifestEntry> assertSameManifest(int expectedRows) {
            List<ManifestEntry> expected = ManifestStore.read(embedded, embeddedOut.toString());
            List<ManifestEntry> actual = ManifestStore.read(embedded, clusterOut.toString());
            assertEquals(expectedRows, expected.size());
            assertEquals(expected, actual);
            Map<String, Object> e = ManifestStore.info(embeddedOut.toString(), hadoop());
            Map<String, Object> c = ManifestStore.info(clusterOut.toString(), hadoop());
            assertEquals(e.get("contentHash"), c.get("contentHash"));
            // the same command line gives the same configuration under bin/gss and spark-submit
            assertEquals(e.get("configHash"), c.get("configHash"));
            assertEquals(expectedRows, ((Number) c.get("samples")).intValue());
            return actual;
        }
    }

    /** Index in this JVM (embedded, local[2]), move the manifest aside, then index on the cluster to the same path. */
    private Run indexEmbeddedThenOnCluster(String name, List<String> sets, Path out) throws Exception {
        Path clean = indexEmbedded(sets, out, name);
        UsageReport before = cluster.usage();
        SubmitResult r = cluster.submit(args("index", sets));
        assertEquals(Main.OK, r.exitCode(), r.describe());
        report("%s: index on the cluster %d ms (driver JVM start to exit); %s", name, r.wall().toMillis(),
                UsageReport.newSince(cluster, before));
        return new Run(clean, out, r);
    }

    private static Path indexEmbedded(List<String> sets, Path out, String name) throws IOException {
        StringBuilder log = new StringBuilder();
        long t0 = System.nanoTime();
        assertEquals(Main.OK, runInProcess(args("index", sets), log), log.toString());
        report("%s: index embedded (local[2], warm JVM) %d ms", name, (System.nanoTime() - t0) / 1_000_000);
        Path moved = out.resolveSibling(out.getFileName() + "-embedded");
        Files.move(out, moved);
        return moved;
    }

    private static void synth(List<String> sets) {
        StringBuilder log = new StringBuilder();
        long t0 = System.nanoTime();
        assertEquals(Main.OK, runInProcess(args("synth", sets), log), log.toString());
        report("synth %d ms: %s", (System.nanoTime() - t0) / 1_000_000, log.toString().strip());
    }

    private static String appId(SubmitResult r) {
        Matcher m = Pattern.compile("Connected to Spark cluster with app ID (app-\\S+)")
                .matcher(r.stderr());
        assertTrue(m.find(), r.describe());
        return m.group(1);
    }

    static org.apache.hadoop.conf.Configuration hadoop() {
        return embedded.sparkContext().hadoopConfiguration();
    }

    static List<String> args(String command, List<String> sets) {
        List<String> a = new ArrayList<>();
        a.add(command);
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a;
    }

    static int runInProcess(List<String> args, StringBuilder log) {
        GssCli.Run r = GssCli.run(args);
        log.append(r.output());
        return r.code();
    }

}
