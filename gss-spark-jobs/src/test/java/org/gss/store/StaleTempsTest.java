package org.gss.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.TempNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A killed checkpoint write leaves a hidden {@code .iter-*.tmp-*} folder; a run's start (and every job's output
 * check) removes those whose writer is gone, and keeps those of live writers.
 */
class StaleTempsTest {
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static Path folder(Path parent, String name) throws Exception {
        Path f = parent.resolve(name);
        Files.createDirectories(f);
        Files.write(f.resolve("model.zip"), new byte[] {1, 2, 3});
        return f;
    }

    @Test
    void runStartRemovesCheckpointTempsOfDeadWritersOnly() throws Exception {
        String host = InetAddress.getLocalHost().getHostName();
        Path ckpt = dir.resolve("run/checkpoints");
        Path dead = folder(ckpt, ".iter-00000005.tmp-" + deadPid() + "@" + host + "-" + UUID.randomUUID());
        Path live = folder(ckpt, ".iter-00000010.tmp-" + ProcessHandle.current().pid() + "@" + host + "-"
                + UUID.randomUUID());
        Path oldLegacy = folder(ckpt, ".iter-00000007.tmp-" + UUID.randomUUID());
        Files.setLastModifiedTime(oldLegacy, FileTime.from(Instant.now().minus(2, ChronoUnit.DAYS)));
        Path newLegacy = folder(ckpt, ".iter-00000008.tmp-" + UUID.randomUUID());
        Path elsewhere = folder(ckpt, ".iter-00000009.tmp-1@other.host-" + UUID.randomUUID());
        Path complete = folder(ckpt, "iter-00000004");

        assertEquals(2, Checkpoints.cleanStale(dir.resolve("run").toString(), conf));
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(oldLegacy), "a writer-less leftover older than a day");
        for (Path kept : List.of(live, newLegacy, elsewhere, complete)) {
            assertTrue(Files.exists(kept), kept.toString());
        }
    }

    @Test
    void temporaryNamesNameTheirWriterAndOutputChecksCleanBesideTheOutput() throws Exception {
        AtomicDirectory d = AtomicDirectory.begin(dir.resolve("eval").toString(), conf);
        assertTrue(d.tempUri().contains(".eval.tmp-" + ProcessHandle.current().pid() + "@"), d.tempUri());
        d.abort();
        String host = InetAddress.getLocalHost().getHostName();
        Path dead = folder(dir, ".eval.tmp-" + deadPid() + "@" + host + "-" + UUID.randomUUID());
        Path otherOutput = folder(dir, ".predict.tmp-" + deadPid() + "@" + host + "-" + UUID.randomUUID());
        Path oldWithoutTarget = folder(dir, ".eval.old-" + deadPid() + "@" + host + "-" + UUID.randomUUID());
        OutputRoots.requireWritable("gss.evaluate.out", dir.resolve("eval").toString(), conf);
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(otherOutput), "only the checked output's leftovers are touched");
        assertTrue(Files.exists(oldWithoutTarget), "a moved-aside folder whose target is missing may be the only copy");
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".gss-write-check")));
        }
        assertTrue(TempNames.temp("x").startsWith(".x.tmp-"));
    }
}
