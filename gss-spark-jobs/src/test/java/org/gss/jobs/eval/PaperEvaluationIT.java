package org.gss.jobs.eval;

import static org.gss.jobs.eval.EvalCli.json;
import static org.gss.jobs.eval.EvalCli.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.gss.testing.GssCli;
import org.gss.cli.Main;
import org.gss.data.testing.SharedData;
import org.gss.jobs.TestSpark;
import org.gss.jobs.TinyStage2;
import org.gss.store.Checkpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper confs carry the reference test pipelines (issue 13, item 3): {@code gss index} and {@code gss evaluate
 * --config conf/cityscapes-r101-ff.conf} run as they are on the real Cityscapes layout (the val frame of the shared
 * sample, a 256×128 downscaled frame, resized to 2048×1024 as the reference pipeline does), scoring it with 768×768
 * windows every 512 pixels (8 windows). An integration test: one image through 8 full-size windows takes a while on
 * two cores. The conf declarations themselves are checked by {@link PaperConfsTest}. Only the data root, the output
 * folders, the tokenizer (the small golden dVAE instead of the DALL-E weights) and the palette file's absolute path
 * (the conf names it relative to the project root, where bin/gss runs) are set; the model is a tiny checkpoint trained
 * with the same palette and tokenizer.
 */
class PaperEvaluationIT {
    static final Path PROJECT = Path.of(System.getProperty("gsstest.project.dir", "..")).toAbsolutePath().normalize();
    static final Path CITYSCAPES_CONF = PROJECT.resolve("conf/cityscapes-r101-ff.conf");
    static final String PALETTE = q("gss.maskige.palette-file", PROJECT.resolve("conf/palettes/cityscapes-19.txt"));

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path train;

    @BeforeAll
    static void trainATinyModelWithTheCityscapesPalette() {
        spark = TestSpark.start(2);
        Path data = dir.resolve("synth");
        List<String> sets = new ArrayList<>(List.of("gss.synth.layout=cityscapes", q("gss.synth.out", data),
                "gss.synth.width=64", "gss.synth.height=32", "gss.synth.train-images=4", "gss.synth.val-images=2",
                "gss.synth.classes=19", "gss.dataset.name=synth", "gss.dataset.layout=cityscapes",
                q("gss.dataset.root", data), q("gss.index.out", dir.resolve("manifest-synth")),
                "gss.maskige.palette=file", PALETTE));
        sets.addAll(TinyStage2.tokenizer(19));
        assertEquals(Main.OK, EvalCli.gss("synth", sets).code());
        assertEquals(Main.OK, EvalCli.gss("index", sets).code());
        train = dir.resolve("train");
        TinyStage2.train(sets, train);
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    /** {@code gss <command> --config conf/cityscapes-r101-ff.conf --set ...} in this JVM. */
    static GssCli.Run gss(String command, List<String> sets) {
        return GssCli.run(Stream.concat(Stream.of(command, "--config", CITYSCAPES_CONF.toString()),
                sets.stream().flatMap(x -> Stream.of("--set", x))).toList());
    }

    @Test
    void cityscapesConfEvaluatesTheRealLayoutWithSlidingWindowsOnTheFullImage() throws Exception {
        List<String> sets = new ArrayList<>(List.of(q("gss.work-dir", dir.resolve("work")),
                q("gss.dataset.root", SharedData.data("cityscapes")), "gss.dataset.splits=[val]",
                q("gss.train.out", train), PALETTE));
        sets.addAll(TinyStage2.tokenizer(19));
        GssCli.Run index = gss("index", sets);
        assertEquals(Main.OK, index.code(), index.output());
        GssCli.Run eval = gss("evaluate", sets);
        assertEquals(Main.OK, eval.code(), eval.output());

        Path out = dir.resolve("work/eval/cityscapes");
        JsonNode m = json(out.resolve("metrics.json"));
        assertEquals("checkpoint", m.get("source").get("kind").asText());
        assertEquals(Checkpoints.resolve(train.toString(), spark.sparkContext().hadoopConfiguration()),
                m.get("source").get("location").asText(), "the conf's checkpoint: the training run's latest");
        JsonNode cs = m.get("datasets").get(0);
        assertEquals(1, m.get("datasets").size());
        assertEquals("cityscapes", cs.get("name").asText());
        assertEquals(1, cs.get("images").asInt());
        assertEquals("resize (2048, 1024), slide 768x768 stride 512", cs.get("inference").asText());
        // the labels are scored at the frame's own size: every labelled pixel of the 256x128 sample
        assertTrue(cs.get("labeledPixels").asLong() > 0.8 * 256 * 128, cs.toString());
        long predicted = 0;
        for (JsonNode row : cs.get("confusion").get("counts")) {
            for (int k = 0; k < 19; k++) {
                predicted += row.get(k).asLong();
            }
        }
        assertEquals(cs.get("labeledPixels").asLong(), predicted, "every labelled pixel got a class");
        double miou = cs.get("mIoU").asDouble();
        assertTrue(miou >= 0 && miou <= 100, "mIoU " + miou);
    }

}
