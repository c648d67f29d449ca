package org.gss.jobs.cache;

import org.gss.store.CacheLock;
import org.gss.store.CacheLockedException;
import org.gss.store.TokenCacheReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkException;
import org.gss.cli.Main;
import org.gss.data.image.BadInputException;
import org.gss.data.manifest.ManifestEntry;

import org.gss.store.ManifestStore;

import org.gss.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build killed (SIGKILL, separate driver JVM) or failed (a task error through Spark's failure path) leaves no
 * version, and the next build resumes from the finished segments to the same entries as a clean build; a second
 * build while one runs fails naming the holder of the lock.
 */
class TokenCacheResumeTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);
    static CacheFixture data;

    @BeforeAll
    static void setUp() {
        data = new CacheFixture(dir).with("gss.synth.width=128", "gss.synth.height=64", "gss.synth.train-images=12",
                "gss.synth.val-images=4", "gss.index.shard-size=1", "gss.token-cache.base-size=[128, 64]");
        data.synthAndIndex(SPARK.session());
    }

    static Configuration conf() {
        return SPARK.session().sparkContext().hadoopConfiguration();
    }

    /** The same dataset and manifest, another cache root. */
    static CacheFixture cache(String name) {
        return new CacheFixture(dir, dir.resolve(name).toString()).with("gss.synth.width=128",
                "gss.synth.height=64", "gss.synth.train-images=12", "gss.synth.val-images=4", "gss.index.shard-size=1",
                "gss.token-cache.base-size=[128, 64]");
    }

    static long segments(Path root) throws Exception {
        Path segs = root.resolve("segments");
        if (!Files.isDirectory(segs)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(segs)) {
            return s.filter(p -> p.getFileName().toString().startsWith("seg-")).count();
        }
    }

    @Test
    void aKilledBuildLeavesNoVersionAndResumesToTheCleanResult() throws Exception {
        CacheFixture killed = cache("killed");
        Path root = Path.of(killed.root);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1500m"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-Dorg.bytedeco")) {
                cmd.add(a);
            }
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        cmd.addAll(List.of("-cp", cp, Main.class.getName(), "token-cache", "build"));
        for (String s : killed.sets("gss.spark.master=\"local[1]\"")) {
            cmd.add("--set");
            cmd.add(s);
        }
        File log = dir.resolve("killed-build.log").toFile();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (p.isAlive() && segments(root) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long done = segments(root);
        String childLog = Files.readString(log.toPath());
        assertTrue(done > 0, "the child build wrote no segment before it ended:\n" + childLog);
        assertFalse(Files.exists(root.resolve("CURRENT")), "the build finished before it was killed");
        assertFalse(Files.exists(root.resolve("versions")), "a killed build must not leave a version");
        assertTrue(done < 16, "all 16 shards were done before the kill");

        // its lock is stale now: a plain build refuses, naming the dead holder; --break-lock clears it and resumes
        CacheLockedException locked = assertThrows(CacheLockedException.class,
                () -> TokenCacheBuild.run(SPARK.session(), killed.settings(), "c"));
        assertTrue(locked.getMessage().contains("\"pid\":" + p.pid()), locked.getMessage());
        assertTrue(locked.getMessage().contains("--break-lock"), locked.getMessage());
        long before = segments(root);
        StringBuilder out = new StringBuilder();
        assertEquals(Main.OK, CacheFixture.cli(killed.sets(), out, "token-cache", "build", "--break-lock"),
                out.toString());
        assertTrue(out.toString().contains("16 samples (" + (16 - before) + " encoded, " + before + " reused)"),
                "resumed from " + before + " finished segments: " + out);

        assertSameEntries(cleanBuild().root, killed.root);
    }

    @Test
    void aFailedTaskAbortsTheBuildWithoutAVersionAndTheRebuildEncodesOnlyTheRest() throws Exception {
        CacheFixture failed = cache("failed");
        ManifestEntry victim = ManifestStore.read(SPARK.session(), data.manifest.toString()).get(9);
        Path label = Path.of(java.net.URI.create(victim.labelUri()));
        Path aside = label.resolveSibling(label.getFileName() + ".aside");
        Files.move(label, aside);
        try {
            Exception e = assertThrows(SparkException.class,
                    () -> TokenCacheBuild.run(SPARK.session(), failed.settings(), "c"));
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof BadInputException)) {
                cause = cause.getCause();
            }
            assertTrue(cause instanceof BadInputException, e.toString());
            assertTrue(e.getMessage().contains(label.getFileName().toString()), e.getMessage());
        } finally {
            Files.move(aside, label);
        }
        Path root = Path.of(failed.root);
        assertFalse(Files.exists(root.resolve("CURRENT")));
        assertFalse(Files.exists(root.resolve("_lock")), "a failed build releases its lock");
        // tasks already running when the job failed may still finish (and publish their segments): let them
        awaitNoRunningTasks();
        long finished = segments(root);
        assertTrue(finished < 16, "all segments written although one task failed");
        TokenCacheBuild.Result r = TokenCacheBuild.run(SPARK.session(), failed.settings(), "c");
        assertEquals(16 - finished, r.samplesEncoded());
        assertEquals(finished, r.samplesReused());
        assertSameEntries(cleanBuild().root, failed.root);
    }

    @Test
    void aSecondBuildFailsNamingTheHolderWhileTheFirstRunsAndTheFirstVerifies() throws Exception {
        CacheFixture first = cache("concurrent");
        Path lock = Path.of(first.root).resolve("_lock");
        // a holder that is certainly still running (a real first build may finish before a second one starts)
        try (CacheLock held = CacheLock.acquire(lock.toString(), "token-cache build v-holder", 0, conf())) {
            CacheLockedException e = assertThrows(CacheLockedException.class,
                    () -> TokenCacheBuild.run(SPARK.session(), first.settings(), "c"));
            assertTrue(e.getMessage().contains("locked by another build or gc")
                    && e.getMessage().contains("\"command\":\"token-cache build v-holder")
                    && e.getMessage().contains(lock.getFileName().toString()), e.getMessage());
        }
        assertFalse(Files.exists(lock), "the holder released its lock");
        // two real builds at once: one builds, the other fails naming it or (if it comes second) finds the cache
        // up to date; either way the published version verifies
        List<CompletableFuture<Object>> builds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            builds.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return TokenCacheBuild.run(SPARK.session(), first.settings(), "c");
                } catch (CacheLockedException e) {
                    return e;
                }
            }));
        }
        List<Object> outcomes = new ArrayList<>();
        for (CompletableFuture<Object> f : builds) {
            outcomes.add(f.get(240, TimeUnit.SECONDS));
        }
        List<TokenCacheBuild.Result> results = outcomes.stream().filter(o -> o instanceof TokenCacheBuild.Result)
                .map(o -> (TokenCacheBuild.Result) o).toList();
        assertEquals(1, results.stream().filter(r -> r.samplesEncoded() == 16).count(), outcomes.toString());
        assertTrue(results.stream().allMatch(r -> r.samplesEncoded() == 16 || r.upToDate()), outcomes.toString());
        assertFalse(Files.exists(lock));
        TokenCacheVerify.Report v = TokenCacheVerify.run(SPARK.session(), first.settings(), Optional.empty());
        assertTrue(v.ok(), v.message());
        assertEquals(16 * 4, v.entriesChecked());
    }

    /** An uninterrupted build of the same inputs (built once, then up to date). */
    static CacheFixture cleanBuild() {
        CacheFixture clean = cache("clean");
        TokenCacheBuild.Result c = TokenCacheBuild.run(SPARK.session(), clean.settings(), "c");
        assertEquals(16, c.samples());
        assertTrue(c.upToDate() || c.samplesEncoded() == 16);
        return clean;
    }

    static void awaitNoRunningTasks() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && java.util.Arrays.stream(SPARK.session().sparkContext().statusTracker()
                .getExecutorInfos()).anyMatch(x -> x.numRunningTasks() > 0)) {
            Thread.sleep(20);
        }
    }

    /** Same version id, same index rows (segments included), same stored entries. */
    static void assertSameEntries(String rootA, String rootB) {
        TokenCacheReader a = TokenCacheReader.open(conf(), rootA);
        TokenCacheReader b = TokenCacheReader.open(conf(), rootB);
        assertEquals(a.version().id(), b.version().id());
        assertEquals(a.version().counts(), b.version().counts());
        assertEquals(a.rows(), b.rows());
        assertEquals(a.version().segments(), b.version().segments());
        for (int i = 0; i < a.rows().size(); i++) {
            assertEquals(a.entry(a.rows().get(i)).orElseThrow(), b.entry(b.rows().get(i)).orElseThrow());
        }
    }
}
