package org.gss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.gss.data.testing.TestConfig;
import org.gss.testing.GssCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Spark command builds all its typed settings before Spark starts: a bad value exits 2 naming the key, and no
 * Spark session is ever created. The evidence does not depend on timing: the runs name a Spark master that cannot
 * start ({@link #UNSTARTABLE}), so a command that started Spark before reading its settings would fail with exit 1
 * on the master instead (as {@link #anUnstartableMasterFailsACommandWhoseSettingsAreValid} shows it does).
 */
class SettingsBeforeSparkTest {
    static final String UNSTARTABLE = "gss.spark.master=\"no-such-master://\"";

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(List.of("index"), "gss.dataset.layout=nowhere", "gss.dataset.layout"),
                Arguments.of(List.of("tokenizer", "train"), "gss.tokenizer.train.crop=12", "gss.tokenizer.train.crop"),
                Arguments.of(List.of("reconstruct"), "gss.reconstruct.palettes=[rainbow]", "gss.reconstruct.palettes"),
                Arguments.of(List.of("train"), "gss.train.crop=12", "gss.train.crop"),
                Arguments.of(List.of("train"), "gss.train.stop-after=-1", "gss.train.stop-after"),
                Arguments.of(List.of("train"), "gss.model.backbone=vit", "gss.model.backbone"),
                Arguments.of(List.of("evaluate"), "gss.evaluate.mean=median", "gss.evaluate.mean"),
                Arguments.of(List.of("predict"), "gss.predict.prediction-name=\"x.png\"", "gss.predict.prediction-name"),
                Arguments.of(List.of("token-cache", "build"), "gss.token-cache.bench.crop=12",
                        "gss.token-cache.bench.crop"));
    }

    @BeforeEach
    void noSessionRuns() {
        assertFalse(liveSession(), "a Spark session of an earlier test is still running");
    }

    @ParameterizedTest(name = "gss {0} --set {1}")
    @MethodSource("badValues")
    void aBadValueExitsTwoBeforeSparkStarts(List<String> command, String bad, String key) {
        GssCli.Run r = run(command, bad);
        assertEquals(Main.USAGE, r.code(), r.output());
        assertTrue(r.err().contains("configuration error") && r.err().contains(key), r.output());
        assertFalse(liveSession(), "gss " + command + " started Spark");
    }

    /** gss demo checks every stage's settings first: a bad value of its last stage stops it before the first. */
    @Test
    void theDemoChecksEveryStageBeforeTheFirstRuns(@TempDir Path work) {
        Path demo = Path.of(System.getProperty("gsstest.project.dir", "..")).resolve("conf/demo.conf");
        GssCli.Run r = GssCli.run("demo", "--config", demo.toString(), "--set", UNSTARTABLE, "--set",
                TestConfig.q("gss.work-dir", work), "--set", "gss.evaluate.mean=median");
        assertEquals(Main.USAGE, r.code(), r.output());
        assertTrue(r.err().contains("gss.evaluate.mean"), r.output());
        assertFalse(r.out().contains("== demo stage"), r.output());
        assertFalse(liveSession());
        assertTrue(isEmpty(work), "the synth stage wrote into " + work);
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anUnstartableMasterFailsACommandWhoseSettingsAreValid() {
        GssCli.Run r = run(List.of("index"), "gss.dataset.root=\"/nonexistent-gss-dataset\"");
        assertEquals(Main.FAILED, r.code(), r.output());
        assertTrue(r.err().contains("no-such-master"), r.output());
        assertFalse(liveSession());
    }

    private static GssCli.Run run(List<String> command, String set) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--set", UNSTARTABLE, "--set", set));
        return GssCli.run(args);
    }

    /** A session that is running (the active one of a stopped context stays registered on the thread). */
    private static boolean liveSession() {
        return Stream.of(SparkSession.getActiveSession(), SparkSession.getDefaultSession())
                .anyMatch(o -> o.isDefined() && !o.get().sparkContext().isStopped());
    }
}
