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
import java.util.stream.Stream;
import org.gss.cli.Main;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.testing.SharedData;
import org.gss.testing.GssCli;
import org.gss.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gss evaluate} end to end through the CLI on embedded Spark: the real Cityscapes sample (mmseg's 98.60), a
 * synthetic three-domain MSeg-style set with derived predictions (all outputs, harmonic mean, independent recount),
 * and bad input (fail naming the file / skip and list).
 */
class EvaluateJobTest {
    static final String[] DOMAINS = {"domain-a", "domain-b", "domain-c"};
    /** Share of labeled pixels whose prediction is wrong, per domain (percent). */
    static final int[] NOISE = {10, 25, 40};
    static final int K = 8;

    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);
    static Path synthData;
    static Path synthManifest;
    static Path synthPreds;
    /** The same predictions written in a 10-class "universal" taxonomy: u = (id + 3) mod 8. */
    static Path universalPreds;
    static final String UNIVERSAL_TO_TEST = "[5, 6, 7, 0, 1, 2, 3, 4, 255, 255]";

    @BeforeAll
    static void setUp() throws Exception {
        synthData = dir.resolve("synth");
        synthManifest = dir.resolve("manifest-synth");
        List<String> synth = synthSets();
        GssCli.Run s = gss("synth", synth);
        assertEquals(Main.OK, s.code(), s.output());
        GssCli.Run i = gss("index", synth);
        assertEquals(Main.OK, i.code(), i.output());
        synthPreds = dir.resolve("preds");
        writeNoisyPredictions(synthData, synthPreds);
        universalPreds = dir.resolve("preds-universal");
        for (String d : DOMAINS) {
            for (Path label : labels(synthData, d, "val")) {
                LabelMap p = read(synthPreds.resolve(d).resolve(label.getFileName()));
                byte[] u = new byte[p.size()];
                for (int px = 0; px < u.length; px++) {
                    u[px] = (byte) ((p.at(px) + 3) % K);
                }
                Path target = universalPreds.resolve(d).resolve(label.getFileName());
                Files.createDirectories(target.getParent());
                Files.write(target, ImageCodec.encodeLabelPng(new LabelMap(p.width(), p.height(), u)));
            }
        }
    }

    static List<String> synthSets() {
        return EvalCli.sets("gss.synth.layout=mseg", q("gss.synth.out", synthData), "gss.synth.width=64",
                "gss.synth.height=32", "gss.synth.train-images=4", "gss.synth.val-images=3", "gss.synth.classes=" + K,
                "gss.dataset.name=synth", "gss.dataset.layout=mseg", q("gss.dataset.root", synthData),
                "gss.dataset.taxonomy=universal", "gss.dataset.classes=" + K, q("gss.index.out", synthManifest));
    }

    /** Prediction = ground truth with a deterministic share of pixels moved to the next class; unlabeled → class 0. */
    static void writeNoisyPredictions(Path data, Path preds) throws Exception {
        for (int d = 0; d < DOMAINS.length; d++) {
            for (Path label : labels(data, DOMAINS[d], "val")) {
                LabelMap gt = read(label);
                byte[] out = new byte[gt.size()];
                for (int p = 0; p < gt.size(); p++) {
                    int g = gt.at(p);
                    boolean wrong = Math.floorMod(p * 2654435761L, 100) < NOISE[d];
                    out[p] = (byte) (g == 255 ? 0 : wrong ? (g + 1) % K : g);
                }
                String id = label.getFileName().toString().replace(".png", "");
                Path target = preds.resolve(DOMAINS[d]).resolve(id + ".png");
                Files.createDirectories(target.getParent());
                Files.write(target, ImageCodec.encodeLabelPng(new LabelMap(gt.width(), gt.height(), out)));
            }
        }
    }

    static List<Path> labels(Path data, String domain, String split) throws Exception {
        try (Stream<Path> s = Files.list(data.resolve(domain).resolve("labels").resolve(split))) {
            return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }

    static LabelMap read(Path p) throws Exception {
        return ImageCodec.decodeLabel(Files.readAllBytes(p), p.toString());
    }

    static List<String> evalSets(Path out, Path preds, String... more) {
        List<String> s = EvalCli.sets(q("gss.evaluate.out", out),
                q("gss.evaluate.datasets.demo.manifest", synthManifest), "gss.evaluate.datasets.demo.shared-classes=" + K,
                q("gss.evaluate.datasets.demo.predictions", preds), "gss.evaluate.panels=2");
        s.addAll(List.of(more));
        return s;
    }

    @Test
    void cityscapesSampleTrainIdsAgainstLabelIdsGiveMmsegMiou() throws Exception {
        Path root = SharedData.data("cityscapes");
        Path manifest = dir.resolve("manifest-cityscapes");
        Path out = dir.resolve("eval-cityscapes");
        GssCli.Run index = gss("index", EvalCli.sets("gss.dataset.name=cityscapes-sample",
                "gss.dataset.layout=cityscapes", q("gss.dataset.root", root), "gss.dataset.splits=[\"val\"]",
                q("gss.index.out", manifest)));
        assertEquals(Main.OK, index.code(), index.output());
        GssCli.Run eval = gss("evaluate", EvalCli.sets(q("gss.evaluate.out", out),
                q("gss.evaluate.datasets.cityscapes.manifest", manifest),
                q("gss.evaluate.datasets.cityscapes.predictions", root.resolve("gtFine/val")),
                q("gss.evaluate.datasets.cityscapes.prediction-name", "{id}_gtFine_labelTrainIds.png")));
        assertEquals(Main.OK, eval.code(), eval.output());
        assertTrue(eval.output().contains("mIoU 98.60"), eval.output());

        JsonNode m = json(out.resolve("metrics.json"));
        JsonNode cs = m.get("datasets").get(0);
        assertEquals("cityscapes", cs.get("name").asText());
        assertEquals(98.60, cs.get("mIoU").asDouble(), 0.005);
        assertEquals(1, cs.get("images").asInt());
        assertEquals(10, cs.get("presentClasses").asInt());
        assertEquals(19, cs.get("perClass").size());
        // 77 of 32,768 pixels differ; the 255 pixels of the labelIds ground truth are dropped
        long labeled = cs.get("labeledPixels").asLong();
        long correct = 0;
        for (JsonNode c : cs.get("perClass")) {
            correct += c.get("areaIntersect").asLong();
        }
        assertTrue(labeled - correct <= 77 && labeled - correct > 0, "wrong pixels " + (labeled - correct));
        assertFalse(cs.get("baseline").get("available").asBoolean(), "the sample has no train split");
        assertEquals("png-folder", m.get("source").get("kind").asText());
        assertEquals(64, m.get("source").get("id").asText().length());
        assertEquals(64, m.get("configHash").asText().length());
        String csv = Files.readString(out.resolve("per-class/cityscapes.csv"));
        assertTrue(csv.startsWith("class_id,class_name,iou,acc,"), csv);
        assertTrue(csv.contains("\n0,road,"), csv);
        assertTrue(csv.contains(",nan,nan,0,0,0,0,"), "absent classes are nan with zero areas:\n" + csv);
    }

    /**
     * Predictions in a universal taxonomy, mapped onto the domains' classes by an explicit table: the scores must equal
     * a recount of the unmapped predictions, so the mapping is applied exactly once, per pixel, in the job.
     */
    @Test
    void syntheticMultiDomainWritesEveryOutputWithHarmonicMeanOfDomains() throws Exception {
        Path out = dir.resolve("eval-synth");
        GssCli.Run eval = gss("evaluate", evalSets(out, universalPreds, "gss.evaluate.datasets.demo.taxonomy=universal",
                "gss.evaluate.datasets.demo.universal-to-test=" + UNIVERSAL_TO_TEST));
        assertEquals(Main.OK, eval.code(), eval.output());
        for (String f : List.of("metrics.json", "summary.md", "report.html", "per-class/domain-a.csv",
                "per-class/domain-b.csv", "per-class/domain-c.csv")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode m = json(out.resolve("metrics.json"));
        JsonNode datasets = m.get("datasets");
        assertEquals(3, datasets.size());
        double reciprocal = 0;
        for (int d = 0; d < 3; d++) {
            JsonNode ds = datasets.get(d);
            assertEquals(DOMAINS[d], ds.get("name").asText());
            assertEquals("universal", ds.get("taxonomy").asText());
            assertEquals(3, ds.get("images").asInt());
            double miou = ds.get("mIoU").asDouble();
            assertEquals(recountMIoU(DOMAINS[d]), miou, 1e-9, DOMAINS[d]);
            reciprocal += 1 / miou;
            JsonNode baseline = ds.get("baseline");
            assertTrue(baseline.get("available").asBoolean(), baseline.toString());
            assertEquals(4, baseline.get("trainImages").asInt());
            assertTrue(baseline.get("mIoU").asDouble() < miou, "the image-blind baseline must lose to the predictions");
            assertEquals(K, ds.get("confusion").get("counts").size());
            assertEquals(K + 1, ds.get("confusion").get("counts").get(0).size());
        }
        // noise grows a -> c, so mIoU falls
        assertTrue(datasets.get(0).get("mIoU").asDouble() > datasets.get(1).get("mIoU").asDouble());
        assertTrue(datasets.get(1).get("mIoU").asDouble() > datasets.get(2).get("mIoU").asDouble());
        JsonNode h = m.get("summary").get("nan-excluded").get("harmonicMean");
        assertEquals(3 / reciprocal, h.get("mIoU").asDouble(), 1e-9);
        assertEquals(3, h.get("over").size());
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("| Method | domain-a | domain-b | domain-c | h.mean |"), summary);
        assertTrue(summary.contains(String.format(java.util.Locale.ROOT, "%.2f |\n", 3 / reciprocal)), summary);
        assertTrue(summary.contains("| image-blind baseline |"), summary);
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(6, count(html, "class=\"panel-pred\""), "2 panels x 3 domains");
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"),
                "no network references");
        try (Stream<Path> siblings = Files.list(dir)) {
            assertFalse(siblings.anyMatch(p -> p.getFileName().toString().contains(".tmp-")), "temp folder left");
        }
    }

    /** mmseg mIoU of one domain, counted here from the files with plain loops. */
    static double recountMIoU(String domain) throws Exception {
        long[] inter = new long[K];
        long[] gtArea = new long[K];
        long[] predArea = new long[K];
        for (Path label : labels(synthData, domain, "val")) {
            LabelMap gt = read(label);
            LabelMap pred = read(synthPreds.resolve(domain).resolve(label.getFileName()));
            for (int p = 0; p < gt.size(); p++) {
                int g = gt.at(p);
                if (g == 255) {
                    continue;
                }
                gtArea[g]++;
                predArea[pred.at(p)]++;
                if (g == pred.at(p)) {
                    inter[g]++;
                }
            }
        }
        double sum = 0;
        int n = 0;
        for (int c = 0; c < K; c++) {
            long union = gtArea[c] + predArea[c] - inter[c];
            if (union > 0) {
                sum += 100.0 * inter[c] / union;
                n++;
            }
        }
        return sum / n;
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void badPredictionsFailNamingTheFileOrAreSkippedAndListed() throws Exception {
        Path preds = dir.resolve("preds-bad");
        copyTree(synthPreds, preds);
        Path missing = preds.resolve("domain-a").resolve(firstId("domain-a") + ".png");
        Files.delete(missing);
        Path out = dir.resolve("eval-bad");

        GssCli.Run failed = gss("evaluate", evalSets(out, preds));
        assertEquals(Main.FAILED, failed.code(), failed.output());
        assertTrue(failed.output().contains(missing.toString()), failed.output());
        assertFalse(Files.exists(out), "a failed run must not leave a report");

        // a prediction of the wrong size, and one with an id >= K that is not 255
        Path small = preds.resolve("domain-b").resolve(firstId("domain-b") + ".png");
        Files.write(small, ImageCodec.encodeLabelPng(LabelMap.filled(10, 10, 1)));
        Path outOfRange = preds.resolve("domain-c").resolve(firstId("domain-c") + ".png");
        LabelMap c = read(outOfRange);
        byte[] ids = c.ids().clone();
        ids[5] = (byte) K;
        Files.write(outOfRange, ImageCodec.encodeLabelPng(new LabelMap(c.width(), c.height(), ids)));

        GssCli.Run skipped = gss("evaluate", evalSets(out, preds, "gss.evaluate.bad-input=skip"));
        assertEquals(Main.OK, skipped.code(), skipped.output());
        JsonNode m = json(out.resolve("metrics.json"));
        JsonNode list = m.get("skipped");
        assertEquals(3, list.size(), list.toString());
        assertTrue(list.get(0).get("file").asText().endsWith(missing.getFileName().toString()), list.toString());
        assertTrue(list.get(1).get("reason").asText().contains("prediction is 10x10 but"), list.toString());
        assertTrue(list.get(2).get("reason").asText().contains("predicted id 8 at pixel 5 is out of range for 8"),
                list.toString());
        for (int d = 0; d < 3; d++) {
            assertEquals(2, m.get("datasets").get(d).get("images").asInt(), "one sample skipped per domain");
        }
        // each message names the file at fault
        for (JsonNode s : list) {
            assertTrue(s.get("reason").asText().startsWith(s.get("file").asText()), s.toString());
        }
    }

    static String firstId(String domain) throws Exception {
        return labels(synthData, domain, "val").get(0).getFileName().toString().replace(".png", "");
    }

    static void copyTree(Path from, Path to) throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(from)) {
            s.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path f : files) {
            Path t = to.resolve(from.relativize(f).toString());
            Files.createDirectories(t.getParent());
            Files.copy(f, t);
        }
    }
}
