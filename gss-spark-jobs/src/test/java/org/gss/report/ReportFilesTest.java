package org.gss.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.MeanMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run folder's files from a hand-made report: values, NaN handling, labels of the means, atomic publishing. */
class ReportFilesTest {
    @TempDir
    Path dir;

    /** 3 classes; class 2 absent from both; 1 pixel of class 1 got no prediction (255). */
    static DatasetResult dataset(String name, boolean baseline) {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        // gt: 0 0 0 1 1 255 ; pred: 0 0 1 1 255 2 (the 2 sits on an ignored pixel)
        cm.accumulate(new LabelMap(6, 1, new byte[] {0, 0, 0, 1, 1, (byte) 255}),
                new LabelMap(6, 1, new byte[] {0, 0, 1, 1, (byte) 255, 2}));
        BaselineResult b = baseline ? new BaselineResult("train", 5, 4, ConfusionMatrix.ofRaw(3,
                new long[] {3, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0}), null) : BaselineResult.unavailable("train", "no train");
        return new DatasetResult(name, name, name, "val", "/m", "h", "dataset", "not applied",
                List.of("road", "car, red", "sky"), new int[] {0xff0000, 0x00ff00, 0x0000ff}, cm, 1, "p", b,
                List.of(Panel.of("s1", new RgbImage(2, 1, new byte[6]), new LabelMap(2, 1, new byte[] {0, 1}),
                        new LabelMap(2, 1, new byte[] {0, (byte) 255}))));
    }

    static EvaluationReport report(MeanMode mode, DatasetResult... d) {
        return new EvaluationReport("t", "c".repeat(64), "{\"gss\":{\"seed\":1}}",
                new PredictionSource("png-folder", "/p", "i".repeat(64)), mode, List.of(d), List.of());
    }

    @Test
    void metricsJsonHasBothMeansLabelledAndNullForUndefined() throws Exception {
        JsonNode m = new ObjectMapper().readTree(MetricsJson.render(report(MeanMode.NAN_EXCLUDED, dataset("a", true),
                dataset("b", false))));
        JsonNode a = m.get("datasets").get(0);
        // class 0: inter 2, union 3 → 66.67; class 1: inter 1, gt 2, pred 2 → 1/3; class 2: absent → null
        assertEquals(200.0 / 3, a.get("perClass").get(0).get("iou").asDouble(), 1e-9);
        assertEquals(100.0 / 3, a.get("perClass").get(1).get("iou").asDouble(), 1e-9);
        assertTrue(a.get("perClass").get(2).get("iou").isNull(), "NaN is written as null");
        assertEquals(50.0, a.get("mIoU").asDouble(), 1e-9);
        assertEquals(50.0, a.get("means").get("nan-excluded").get("mIoU").asDouble(), 1e-9);
        assertEquals(100.0 / 3, a.get("means").get("absent-as-zero").get("mIoU").asDouble(), 1e-9);
        assertEquals(60.0, a.get("aAcc").asDouble(), 1e-9);
        assertEquals("nan-excluded", m.get("headlineMean").asText());
        assertTrue(m.get("means").get("absent-as-zero").asText().startsWith("MSeg-style"));
        assertEquals(List.of(2L, 1L, 0L, 0L), List.of(a.get("confusion").get("counts").get(0).get(0).asLong(),
                a.get("confusion").get("counts").get(0).get(1).asLong(),
                a.get("confusion").get("counts").get(0).get(2).asLong(),
                a.get("confusion").get("counts").get(0).get(3).asLong()));
        assertEquals(1, a.get("confusion").get("counts").get(1).get(3).asLong(), "the 255 prediction column");
        assertEquals(100.0, a.get("baseline").get("mIoU").asDouble(), 1e-9);
        assertFalse(m.get("datasets").get(1).get("baseline").get("available").asBoolean());
        assertEquals("no train", m.get("datasets").get(1).get("baseline").get("reason").asText());
        assertEquals(1, m.get("config").get("gss").get("seed").asInt());
        JsonNode hm = m.get("summary").get("absent-as-zero").get("harmonicMean");
        assertEquals(100.0 / 3, hm.get("mIoU").asDouble(), 1e-9, "two equal values: the mean is that value");
        assertTrue(m.get("summary").get("nan-excluded").get("baselineMIoU").get("b").isNull());
    }

    @Test
    void summaryFollowsThePaperLayoutAndCsvQuotesNames() {
        String two = SummaryMarkdown.render(report(MeanMode.ABSENT_AS_ZERO, dataset("a", true), dataset("b", true)));
        assertTrue(two.contains("| Method | a | b | h.mean |"), two);
        assertTrue(two.contains("| predictions (png-folder) | 33.33 | 33.33 | 33.33 |"), two);
        assertTrue(two.contains("mIoU in percent (MSeg-style mean: absent classes count as 0)"), two);
        assertTrue(two.contains("| image-blind baseline | 66.67 | 66.67 | 66.67 |"), two);
        String one = SummaryMarkdown.render(report(MeanMode.NAN_EXCLUDED, dataset("cityscapes", false)));
        assertTrue(one.contains("| Method | cityscapes |\n"), "no h.mean column for a single dataset:\n" + one);
        assertFalse(one.contains("image-blind baseline |"), one);
        String csv = PerClassCsv.render(dataset("a", true));
        assertTrue(csv.contains("\n1,\"car, red\",33.33,50.00,1,3,2,2,100.00\n"), csv);
        assertTrue(csv.contains("\n2,sky,nan,nan,0,0,0,0,nan\n"), csv);
    }

    @Test
    void writerPublishesAllFilesAtomicallyAndKeepsTheOldRunOnFailure() throws Exception {
        Path out = dir.resolve("run");
        ReportWriter.write(report(MeanMode.NAN_EXCLUDED, dataset("a/b", true)), out.toString(), new Configuration());
        for (String f : List.of("metrics.json", "summary.md", "report.html", "per-class/a-b.csv")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String before = Files.readString(out.resolve("metrics.json"));
        // two names with one CSV file name: the writer stops after writing part of the run; the old run stays
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportWriter.write(
                report(MeanMode.NAN_EXCLUDED, dataset("a/b", true), dataset("a b", true)), out.toString(),
                new Configuration()));
        assertTrue(e.getMessage().contains("per-class/a-b.csv"), e.getMessage());
        assertEquals(before, Files.readString(out.resolve("metrics.json")));
        try (var s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().contains(".tmp-")));
        }
    }

    @Test
    void manyClassesGiveABitmapHeatMapAndOneBarPerPresentClass() {
        int k = 150;
        ConfusionMatrix cm = new ConfusionMatrix(k);
        byte[] gt = new byte[300];
        byte[] pred = new byte[300];
        for (int i = 0; i < 300; i++) {
            gt[i] = (byte) (i % 100);
            pred[i] = (byte) (i % 3 == 0 ? (i + 1) % 100 : i % 100);
        }
        cm.accumulate(new LabelMap(300, 1, gt), new LabelMap(300, 1, pred));
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add("c" + c);
        }
        DatasetResult d = new DatasetResult("ade20k", "ade20k", "ade20k", "val", "/m", "h", "dataset", "-", names,
                LabelPalette.generated(k), cm, 1, "p", BaselineResult.unavailable("train", "none"), List.of());
        String html = HtmlReport.render(report(MeanMode.NAN_EXCLUDED, d));
        String heat = html.substring(html.indexOf("<svg id=\"confusion-ade20k\""));
        heat = heat.substring(0, heat.indexOf("</svg>"));
        assertTrue(heat.contains("<image class=\"cells\"") && heat.contains("href=\"data:image/png;base64,"),
                "100 present classes: one embedded bitmap, not 10,000 rects");
        assertFalse(heat.contains("class=\"cell\""));
        String bars = html.substring(html.indexOf("<svg id=\"iou-ade20k\""));
        bars = bars.substring(0, bars.indexOf("</svg>"));
        assertEquals(100, bars.split("class=\"bar\"", -1).length - 1);
        assertEquals(50, bars.split("n/a \\(absent\\)", -1).length - 1);
    }

    @Test
    void palettesAndThumbnails() throws Exception {
        int[] g = LabelPalette.generated(19);
        assertEquals(19, java.util.Arrays.stream(g).distinct().count(), "generated colours are distinct");
        assertEquals(0x804080, LabelPalette.resolve("auto", "cityscapes", 19, new Configuration())[0]);
        assertEquals(0x787878, LabelPalette.resolve("auto", "ade20k", 150, new Configuration())[0], "ADE20K wall");
        Path f = dir.resolve("colors.txt");
        Files.writeString(f, "# two classes\n10 20 30\n255,0,1\n");
        int[] p = LabelPalette.resolve(f.toString(), "mseg", 2, new Configuration());
        assertEquals(0x0a141e, p[0]);
        assertEquals(0xff0001, p[1]);
        assertThrows(org.gss.config.ConfigError.class, () -> LabelPalette.resolve(f.toString(), "mseg", 3,
                new Configuration()));
        RgbImage c = LabelPalette.colorize(new LabelMap(3, 1, new byte[] {1, (byte) 255, 7}), p);
        assertEquals(0xff0001, c.packed(0) & 0xFFFFFF);
        assertEquals(LabelPalette.IGNORE_COLOR, c.packed(1) & 0xFFFFFF);
        assertEquals(LabelPalette.UNKNOWN_COLOR, c.packed(2) & 0xFFFFFF);

        LabelMap big = new LabelMap(4, 2, new byte[] {1, 1, 2, 2, 3, 3, 4, 4});
        assertEquals(List.of(1, 2, 3, 4), java.util.Arrays.stream(toInts(Thumbnails.labels(big, 2, 2).ids())).boxed()
                .toList(), "nearest neighbour keeps ids");
        RgbImage img = new RgbImage(2, 1, new byte[] {0, 0, 0, (byte) 200, 100, 50});
        RgbImage half = Thumbnails.image(img, 1, 1);
        assertEquals(0x643219, half.packed(0) & 0xFFFFFF, "box filter averages (0+200)/2, (0+100)/2, (0+50)/2");
        assertEquals(List.of(320, 160), java.util.Arrays.stream(Thumbnails.fit(2048, 1024, 320)).boxed().toList());
    }

    static int[] toInts(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }
}
