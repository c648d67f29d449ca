package org.gss.jobs.eval;

import static org.gss.jobs.eval.EvalCli.gss;
import static org.gss.jobs.eval.EvalCli.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.gss.cli.Main;
import org.gss.config.ConfigError;
import org.gss.store.AtomicDirectory;
import org.gss.store.OutputRoots;
import org.gss.testing.GssCli;
import org.gss.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output that cannot be written is found when the job starts (exit 2, naming the key and the reason), before any
 * input is read; {@code AtomicDirectory} fails loudly when its folder cannot be made. (Tests run as root here, so
 * "unwritable" is a location under a regular file, or under /proc where even root cannot create folders.)
 */
class UnwritableOutputsTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(1);
    static Path file;

    @BeforeAll
    static void start() throws Exception {
        file = dir.resolve("a-file");
        Files.writeString(file, "x");
    }

    @Test
    void atomicDirectoryFailsWhenItsFolderCannotBeMade() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicDirectory.begin("/proc/gss-no-such/out", new Configuration()));
        assertTrue(e.getMessage().contains("/proc/gss-no-such/out"), e.getMessage());
    }

    @Test
    void outputRootsNameKeyAndReason() {
        Configuration conf = new Configuration();
        for (String bad : List.of("/proc/gss-no-such/out", file.resolve("out").toString(), file.toString())) {
            ConfigError e = assertThrows(ConfigError.class, () -> OutputRoots.requireWritable("gss.x.out", bad, conf));
            assertTrue(e.getMessage().startsWith("gss.x.out = " + bad + " cannot be written: "), e.getMessage());
        }
        OutputRoots.requireWritable("gss.x.out", dir.resolve("new/out").toString(), conf);
        assertTrue(Files.isDirectory(dir.resolve("new")));
        assertEquals(0, dir.resolve("new").toFile().list().length, "the probe file is removed");
    }

    @Test
    void indexEvaluateAndPredictStopAtStartNamingTheOutputKey() {
        String missing = dir.resolve("no-dataset").toString();
        String bad = file.resolve("out").toString();
        List<List<String>> runs = List.of(
                List.of("index", q("gss.dataset.root", missing), q("gss.index.out", bad), "gss.index.out"),
                List.of("evaluate", q("gss.evaluate.datasets.d.manifest", missing),
                        q("gss.evaluate.datasets.d.predictions", missing), q("gss.evaluate.out", bad),
                        "gss.evaluate.out"),
                List.of("predict", q("gss.predict.input", missing), q("gss.predict.predictions", missing),
                        q("gss.predict.out", bad), "gss.predict.out"));
        for (List<String> run : runs) {
            String key = run.get(run.size() - 1);
            GssCli.Run r = gss(run.get(0), EvalCli.sets(run.subList(1, run.size() - 1).toArray(String[]::new)));
            assertEquals(Main.USAGE, r.code(), r.output());
            assertTrue(r.output().contains(key + " = " + bad + " cannot be written"), r.output());
            assertTrue(!r.output().contains("no-dataset"), "the output is checked before any input is read: "
                    + r.output());
        }
    }
}
