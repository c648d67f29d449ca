package org.gss.jobs.eval;

import static org.gss.jobs.eval.EvalCli.gss;
import static org.gss.jobs.eval.EvalCli.json;
import static org.gss.jobs.eval.EvalCli.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gss.cli.Main;
import org.gss.jobs.TinyStage2;
import org.gss.data.testing.SharedData;
import org.gss.store.Checkpoints;
import org.gss.testing.GssCli;
import org.gss.testing.LocalSpark;
import org.gss.tokenizer.config.TokenizerSettings;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gss evaluate} and {@code gss predict} with a trained Stage II checkpoint (issue 6, acceptance 2 and 3): a
 * synthetic three-domain MSeg-style set from {@code gss synth}, a tiny model trained by {@code gss train} on it, then
 * generative inference on the executors (image → encoder → tokens → dVAE decoder → maskige → nearest colour).
 */
class EvaluateCheckpointTest {
    static final int K = 8;
    static final String[] DOMAINS = {"domain-a", "domain-b", "domain-c"};

    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);
    static Path manifest;
    static Path train;
    static String checkpoint;

    @BeforeAll
    static void trainATinyModel() {
        Path data = dir.resolve("synth");
        manifest = dir.resolve("manifest");
        List<String> sets = dataSets(data);
        GssCli.Run s = gss("synth", sets);
        assertEquals(Main.OK, s.code(), s.output());
        GssCli.Run i = gss("index", sets);
        assertEquals(Main.OK, i.code(), i.output());
        train = dir.resolve("train");
        TinyStage2.train(sets, train);
        checkpoint = Checkpoints.resolve(train.toString(), SPARK.session().sparkContext().hadoopConfiguration());
        assertTrue(checkpoint.endsWith("/checkpoints/iter-00000004"), checkpoint);
    }

    static List<String> dataSets(Path data) {
        List<String> s = EvalCli.sets("gss.synth.layout=mseg", q("gss.synth.out", data), "gss.synth.width=64",
                "gss.synth.height=32", "gss.synth.train-images=4", "gss.synth.val-images=3", "gss.synth.classes=" + K,
                "gss.dataset.name=synth", "gss.dataset.layout=mseg", q("gss.dataset.root", data),
                "gss.dataset.taxonomy=universal", "gss.dataset.classes=" + K, q("gss.index.out", manifest));
        s.addAll(TinyStage2.tokenizer(K));
        return s;
    }

    /** Evaluation of the synthetic val split: every domain, with the model (inference given) or prediction PNGs. */
    static List<String> evalSets(Path out, String... more) {
        List<String> s = new ArrayList<>(TinyStage2.tokenizer(K));
        s.addAll(List.of(q("gss.evaluate.out", out), q("gss.evaluate.datasets.demo.manifest", manifest),
                "gss.evaluate.datasets.demo.shared-classes=" + K, "gss.evaluate.panels=1"));
        s.addAll(List.of(more));
        return s;
    }

    @Test
    void checkpointOnThreeSyntheticDomainsWritesEveryOutputWithTheHarmonicMeanOfTheDomains() throws Exception {
        Path out = dir.resolve("eval-model");
        GssCli.Run eval = gss("evaluate", evalSets(out, q("gss.evaluate.checkpoint", train),
                "gss.evaluate.datasets.demo.mode=whole", "gss.evaluate.datasets.demo.short-side=32"));
        assertEquals(Main.OK, eval.code(), eval.output());
        for (String f : List.of("metrics.json", "summary.md", "report.html", "per-class/domain-a.csv",
                "per-class/domain-b.csv", "per-class/domain-c.csv")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode m = json(out.resolve("metrics.json"));
        assertEquals("checkpoint", m.get("source").get("kind").asText());
        assertEquals(checkpoint, m.get("source").get("location").asText(), "the run folder's latest checkpoint");
        JsonNode datasets = m.get("datasets");
        assertEquals(3, datasets.size());
        for (String mean : List.of("nan-excluded", "absent-as-zero")) {
            double reciprocal = 0;
            for (int d = 0; d < 3; d++) {
                JsonNode ds = datasets.get(d);
                assertEquals(DOMAINS[d], ds.get("name").asText());
                assertEquals(3, ds.get("images").asInt());
                assertEquals("whole, short side 32", ds.get("inference").asText());
                double miou = ds.get("means").get(mean).get("mIoU").asDouble();
                assertTrue(miou > 0 && miou <= 100, DOMAINS[d] + " " + mean + " mIoU " + miou);
                assertEquals(miou, m.get("summary").get(mean).get("mIoU").get(DOMAINS[d]).asDouble());
                reciprocal += 1 / miou;
            }
            JsonNode h = m.get("summary").get(mean).get("harmonicMean");
            assertEquals(3 / reciprocal, h.get("mIoU").asDouble(), 1e-9, mean);
            assertEquals(3, h.get("over").size());
        }
        String csv = Files.readString(out.resolve("per-class/domain-b.csv"));
        assertEquals(K + 1, csv.lines().count(), csv);
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(3, EvaluateJobTest.count(html, "class=\"panel-pred\""), "1 panel x 3 domains");
        assertTrue(eval.output().contains("h.mean mIoU"), eval.output());
    }

    /**
     * Sliding windows (32×32 every 16 pixels over 64×32 images: overlapping votes merged) through both jobs: the label
     * PNGs {@code gss predict} writes, evaluated as a folder, give exactly the model path's numbers.
     */
    @Test
    void predictionsWrittenByPredictThenReadAsPngsScoreExactlyAsTheModelPath() throws Exception {
        String[] slide = {"mode=slide", "crop=32", "stride=16"};
        List<String> inference = new ArrayList<>();
        for (String kv : slide) {
            inference.add("gss.evaluate.datasets.demo." + kv);
        }
        Path modelOut = dir.resolve("eval-model-slide");
        GssCli.Run model = gss("evaluate", evalSets(modelOut, concat(inference,
                q("gss.evaluate.checkpoint", checkpoint + "/model.zip"))));
        assertEquals(Main.OK, model.code(), model.output());

        Path predicted = dir.resolve("predict");
        List<String> p = new ArrayList<>(TinyStage2.tokenizer(K));
        p.addAll(List.of(q("gss.predict.input", manifest), "gss.predict.split=val", q("gss.predict.out", predicted),
                q("gss.predict.checkpoint", train), "gss.predict.classes=" + K));
        for (String kv : slide) {
            p.add("gss.predict." + kv);
        }
        GssCli.Run pr = gss("predict", p);
        assertEquals(Main.OK, pr.code(), pr.output());
        assertTrue(pr.output().contains("predict: 9 images"), pr.output());
        JsonNode info = json(predicted.resolve("_predict.json"));
        assertEquals("checkpoint", info.get("source").get("kind").asText());
        assertEquals(checkpoint, info.get("source").get("location").asText());
        assertEquals("slide 32x32 stride 16", info.get("inference").asText());

        Path pngOut = dir.resolve("eval-png");
        GssCli.Run png = gss("evaluate", evalSets(pngOut,
                q("gss.evaluate.datasets.demo.predictions", predicted.resolve("labels"))));
        assertEquals(Main.OK, png.code(), png.output());

        JsonNode a = json(modelOut.resolve("metrics.json"));
        JsonNode b = json(pngOut.resolve("metrics.json"));
        assertEquals("checkpoint", a.get("source").get("kind").asText());
        assertEquals("png-folder", b.get("source").get("kind").asText());
        for (int d = 0; d < 3; d++) {
            JsonNode x = a.get("datasets").get(d);
            JsonNode y = b.get("datasets").get(d);
            assertEquals(DOMAINS[d], y.get("name").asText());
            for (String field : List.of("images", "labeledPixels", "mIoU", "mAcc", "aAcc", "means", "perClass",
                    "confusion", "baseline")) {
                assertEquals(x.get(field), y.get(field), DOMAINS[d] + " " + field);
            }
        }
        assertEquals(a.get("summary"), b.get("summary"), "per-domain values and both harmonic means");
    }

    /**
     * A checkpoint's tokens only mean something to the tokenizer it was trained with: evaluation and prediction
     * configured with other tokenizer weights are refused before any image is read, naming both fingerprints.
     */
    @Test
    void aCheckpointTrainedUnderAnotherTokenizerIsRefusedNamingBothFingerprints() throws Exception {
        Path otherWeights = dir.resolve("other-tokenizer.zip");
        Files.writeString(otherWeights, "weights of some other tokenizer");
        String trainedWith = new TokenizerSettings("dvae", SharedData.data("dvae-golden/small/encoder.npz").toString(),
                SharedData.data("dvae-golden/small/decoder.npz").toString(), "", 512, 32, 1).fingerprint();
        String configured = new TokenizerSettings("own", "", "", otherWeights.toString(), 512, 32, 1).fingerprint();
        String[] other = {"gss.tokenizer.kind=own", q("gss.tokenizer.checkpoint", otherWeights)};

        Path out = dir.resolve("eval-other-tokenizer");
        GssCli.Run eval = gss("evaluate", evalSets(out, concat(List.of(other), q("gss.evaluate.checkpoint", train),
                "gss.evaluate.datasets.demo.mode=whole", "gss.evaluate.datasets.demo.short-side=32")));
        assertEquals(Main.USAGE, eval.code(), eval.output());
        assertTrue(eval.output().contains("checkpoint " + trainedWith + ", configured " + configured), eval.output());
        assertTrue(eval.output().contains(checkpoint), eval.output());
        assertFalse(Files.exists(out), "nothing written");

        List<String> p = new ArrayList<>(TinyStage2.tokenizer(K));
        p.addAll(List.of(other));
        p.addAll(List.of(q("gss.predict.input", manifest), q("gss.predict.out", dir.resolve("predict-other")),
                q("gss.predict.checkpoint", checkpoint + "/model.zip"), "gss.predict.classes=" + K));
        GssCli.Run pr = gss("predict", p);
        assertEquals(Main.USAGE, pr.code(), pr.output());
        assertTrue(pr.output().contains("checkpoint " + trainedWith + ", configured " + configured), pr.output());
    }

    static String[] concat(List<String> a, String... b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out.toArray(String[]::new);
    }
}
