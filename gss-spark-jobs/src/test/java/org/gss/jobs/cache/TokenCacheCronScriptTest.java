package org.gss.jobs.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/cron/token-cache-rebuild.sh, run for real with a stand-in gss command (GSS_CMD) that records its calls. */
class TokenCacheCronScriptTest {
    static final Path SCRIPT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("").toAbsolutePath().getParent().toString()), "deploy", "cron", "token-cache-rebuild.sh");

    @TempDir
    Path dir;

    /** A stand-in for gss: appends its arguments to calls.txt, sleeps $STUB_SLEEP, exits with $STUB_EXIT. */
    Path stub() throws Exception {
        Path s = dir.resolve("gss-stub.sh");
        Files.writeString(s, "#!/usr/bin/env bash\necho \"$*\" >> \"" + dir.resolve("calls.txt") + "\"\n"
                + "sleep \"${STUB_SLEEP:-0}\"\nexit \"${STUB_EXIT:-0}\"\n");
        s.toFile().setExecutable(true);
        return s;
    }

    Process start(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("GSS_CMD", stub().toString());
        pb.environment().put("TMPDIR", dir.toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    int run(Map<String, String> env, String... args) throws Exception {
        Process p = start(env, args);
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
    }

    List<String> calls() throws Exception {
        Path f = dir.resolve("calls.txt");
        return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
    }

    @Test
    void buildsThenCollectsGarbageOnlyAfterASuccessfulBuild() throws Exception {
        Path conf = Files.writeString(dir.resolve("exp.conf"), "gss {}\n");
        assertEquals(0, run(Map.of("GSS_TOKEN_CACHE_GC", "1"), conf.toString(), "--set", "gss.seed=3"));
        assertEquals(List.of("token-cache build --config " + conf + " --set gss.seed=3",
                "token-cache gc --config " + conf + " --set gss.seed=3"), calls());

        Files.delete(dir.resolve("calls.txt"));
        assertEquals(1, run(Map.of("GSS_TOKEN_CACHE_GC", "1", "STUB_EXIT", "1"), conf.toString()));
        assertEquals(List.of("token-cache build --config " + conf), calls(), "no gc after a failed build");

        Files.delete(dir.resolve("calls.txt"));
        assertEquals(0, run(Map.of(), conf.toString()));
        assertEquals(1, calls().size(), "gc only with GSS_TOKEN_CACHE_GC=1");
    }

    @Test
    void refusesAMissingConfigAndASecondRunOnTheSameHost() throws Exception {
        assertEquals(2, run(Map.of(), dir.resolve("missing.conf").toString()));
        assertEquals(List.of(), calls());

        Path conf = Files.writeString(dir.resolve("exp.conf"), "gss {}\n");
        Process first = start(Map.of("STUB_SLEEP", "4"), conf.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (calls().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(3, run(Map.of(), conf.toString()), "the second run must skip while the first holds the flock");
        first.getInputStream().readAllBytes();
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue());
        assertEquals(1, calls().size());
    }
}
