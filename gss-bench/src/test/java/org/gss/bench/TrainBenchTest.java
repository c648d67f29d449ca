package org.gss.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gss.cli.Main;
import org.gss.jobs.TinyStage2;
import org.gss.testing.GssCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gss bench train} end to end at toy sizes (about 1-2 minutes on 2 shared cores): the Spark parts on a 64×32
 * synthetic dataset with the small golden dVAE, the paper part with one reduced size in a child JVM. Timings are not
 * checked (they are what the benchmark is for); what must hold is checked: the same crops in both target modes,
 * positive ratios, the child's activation shapes equal to the analytic ones, and the analytic paper-size figures.
 */
class TrainBenchTest {
    @TempDir
    Path tmp;

    @Test
    void sparkPartsRunTheTrainerOnTheSameCrops() throws Exception {
        List<String> sets = new ArrayList<>(TinyStage2.tokenizer(5));
        sets.addAll(TinyStage2.training(tmp.resolve("ignored")));
        sets.addAll(List.of("gss.spark.master=\"local[2]\"", "gss.synth.layout=mseg", "gss.synth.width=64",
                "gss.synth.height=32", "gss.synth.train-images=4", "gss.synth.val-images=2", "gss.synth.classes=5",
                "gss.dataset.name=synth", "gss.dataset.layout=mseg", "gss.dataset.taxonomy=universal",
                "gss.dataset.classes=5", "gss.dataset.splits=[train, val]"));
        GssCli.Run r = GssCli.run(sets, "bench", "train", "--part", "targets,averaging", "--warmup", "1",
                "--steps", "2", "--rounds", "1", "--work", tmp.resolve("work").toString());
        assertEquals(Main.OK, r.code(), r.output());
        assertTrue(r.output().contains("same crops in both modes: yes"), r.output());
        assertTrue(ratio(r.output(), "ratio online/cached step time: ") > 0, r.output());
        assertTrue(ratio(r.output(), "ratio Spark/one JVM time per sample: ") > 0, r.output());
        assertTrue(r.output().contains("data: 18 samples indexed"), r.output()); // 3 domains x 6
        assertTrue(Files.isDirectory(tmp.resolve("work/token-cache")), "the token cache is built under --work");
    }

    @Test
    void paperPartProbesAReducedSizeAndCountsThePaperSize() {
        GssCli.Run r = GssCli.run(List.of(), "bench", "train", "--part", "paper", "--sizes", "16:32:64",
                "--warmup", "0",
                "--paper-steps", "1", "--dvae-repeat", "0");
        assertEquals(Main.OK, r.code(), r.output());
        assertTrue(Pattern.compile("\\n +16 +32 +64 +1 .* \\d+ ok\\n").matcher(r.output()).find(), r.output());
        // analytic, machine-independent: 2 x 1225.3 GMAC of the full dVAE at 768² over 4700 GFLOP of the step
        assertTrue(r.output().contains("at equal GFLOP/s for both networks: 1 + 2451 / 4700 GFLOP = 1.52x"),
                r.output());
        assertTrue(r.output().contains("forward 1482 GFLOP, training step 4700 GFLOP"), r.output());
        assertTrue(r.output().contains("fit workspace: not determined by these sizes"), r.output());
    }

    @Test
    void refusesUnknownPartsAndForeignOptions() {
        assertEquals(Main.USAGE, GssCli.run(List.of(), "bench", "train", "--part", "everything").code());
        assertEquals(Main.USAGE, GssCli.run(List.of(), "bench", "train", "--part", "paper", "--sizes", "4:128").code());
        // a tokenizer option
        assertEquals(Main.USAGE, GssCli.run(List.of(), "bench", "train", "--threads", "2").code());
    }

    private static double ratio(String out, String prefix) {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "([0-9.]+)x").matcher(out);
        assertTrue(m.find(), "no '" + prefix + "' in\n" + out);
        return Double.parseDouble(m.group(1));
    }
}
