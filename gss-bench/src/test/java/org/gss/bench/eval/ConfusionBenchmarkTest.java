package org.gss.bench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gss.cli.Main;
import org.gss.testing.GssCli;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * gss bench metrics on small maps: it runs through the CLI, reports both data sets, and numpy's fast_hist on the same
 * bytes equals the kernel's counts (which also proves the .npy writer). numpy is required (Debian python3-numpy)
 * unless -Dgss.test.numpy=optional.
 */
class ConfusionBenchmarkTest {
    static final String PYTHON = "/usr/bin/python3";

    @Test
    void benchReportsBothDataSetsAndNumpyAgreesOnTheCounts() throws Exception {
        boolean numpy = Files.isExecutable(Path.of(PYTHON)) && new ProcessBuilder(PYTHON, "-c", "import numpy")
                .start().waitFor() == 0;
        if (!numpy) {
            String msg = PYTHON + " with numpy is needed for the numpy baseline: apt-get install -y python3-numpy"
                    + " (or -Dgss.test.numpy=optional)";
            if ("optional".equals(System.getProperty("gss.test.numpy"))) {
                Assumptions.abort(msg);
            }
            fail(msg);
        }
        GssCli.Run r = GssCli.run("bench");
        assertEquals(Main.USAGE, r.code(), "no benchmark named");
        r = GssCli.run("bench", "metrics", "--width", "96", "--height", "48", "--classes", "19", "--images", "2",
                "--warmup", "1", "--repeat", "3");
        assertEquals(Main.OK, r.code(), r.output());
        for (String line : List.of("scenes   java accumulateRaw", "scenes   numpy bincount(gt*K+pred)",
                "scenes   numpy fast_hist", "random   java accumulateRaw", "random   numpy fast_hist",
                "ratio scenes  java / numpy bincount", "ratio random  java / numpy fast_hist",
                "counts  scenes: kernel and numpy fast_hist agree on every cell",
                "counts  random: kernel and numpy fast_hist agree on every cell")) {
            assertTrue(r.output().contains(line), "missing '" + line + "' in\n" + r.output());
        }
        GssCli.Run noNumpy = GssCli.run("bench", "metrics", "--width", "32", "--height", "16", "--images", "1",
                "--repeat", "1", "--warmup", "0", "--no-numpy");
        assertEquals(Main.OK, noNumpy.code(), noNumpy.output());
        assertTrue(!noNumpy.output().contains("numpy fast_hist"), noNumpy.output());
        assertEquals(Main.USAGE, GssCli.run("bench", "tokenizer").code());
        assertEquals(Main.USAGE, GssCli.run("bench", "metrics", "--classes", "x").code());
    }
}
