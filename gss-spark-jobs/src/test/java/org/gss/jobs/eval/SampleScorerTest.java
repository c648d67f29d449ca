package org.gss.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.DatasetSettings;
import org.gss.data.image.BadInputException;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.label.MsegTaxonomy;
import org.gss.data.layout.BadInputPolicy;
import org.gss.data.manifest.ManifestEntry;
import org.gss.eval.ClassMapping;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.MeanMode;
import org.gss.eval.SegmentationMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor-side scoring of one sample, on hand-made label files read through the real layouts, with every number
 * computed by hand in the comments: ignore pixels, classes absent from both, Cityscapes labelIds → trainIds, ADE20K
 * reduce-zero-label, a universal → test mapping (MSeg's table for camvid-11), and bad input.
 */
class SampleScorerTest {
    static final Configuration CONF = new Configuration();
    @TempDir
    Path dir;

    static void png(Path file, int w, int... ids) throws Exception {
        byte[] b = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            b[i] = (byte) ids[i];
        }
        Files.createDirectories(file.getParent());
        Files.write(file, ImageCodec.encodeLabelPng(new LabelMap(w, ids.length / w, b)));
    }

    static ManifestEntry entry(String dataset, String id, Path image, Path label) {
        return new ManifestEntry(dataset, "val", id, image.toUri().toString(), label.toUri().toString(), 4, 2, "-", "-",
                0);
    }

    static PartitionScores score(ResultPlan plan, ManifestEntry e, BadInputPolicy policy) {
        PartitionScores s = PartitionScores.empty();
        try (SampleScorer scorer = new SampleScorer(Map.of(plan.key(), plan), CONF, policy)) {
            scorer.score(new EvalTask(plan.key(), e), s);
        }
        return s;
    }

    static DatasetSettings layout(String name, Path root, List<String> domains) {
        return new DatasetSettings(name, name, root.toString(), List.of("val"), domains, "own", 0, BadInputPolicy.FAIL,
                Map.of());
    }

    @Test
    void cityscapesLabelIdsBecomeTrainIdsIgnoredPixelsDropAndAbsentClassesAreNaN() throws Exception {
        Path root = dir.resolve("cs");
        Path label = root.resolve("gtFine/val/city/c_000_gtFine_labelIds.png");
        Path image = root.resolve("leftImg8bit/val/city/c_000_leftImg8bit.png");
        // labelIds: 7 road → 0, 26 car → 13, 11 building → 2, 0 unlabeled → 255
        png(label, 4, 7, 7, 26, 26, 0, 7, 11, 26);
        RgbImage rgb = new RgbImage(4, 2, new byte[24]);
        rgb.set(1, 0, 200, 10, 20);
        Files.createDirectories(image.getParent());
        Files.write(image, ImageCodec.encodePng(rgb));
        // prediction (trainIds); its 5 sits on the unlabeled pixel and must not count anywhere
        png(dir.resolve("pred/cityscapes/city/c_000.png"), 4, 0, 13, 13, 13, 5, 0, 0, 13);
        ResultPlan plan = new ResultPlan("cityscapes", layout("cityscapes", root, List.of()), 19, null,
                new PngFolderPredictor.Factory(dir.resolve("pred").toString(), "{domain}/{id}.png"), null,
                Set.of("city/c_000"), 320);
        PartitionScores s = score(plan, entry("cityscapes", "city/c_000", image, label), BadInputPolicy.FAIL);

        SegmentationMetrics m = SegmentationMetrics.from(s.model().get("cityscapes"));
        assertEquals(7, s.model().get("cityscapes").labeledPixels());
        // road: gt {0,1,5}, predicted {0,5,6} → 2 / (3 + 3 - 2) = 50 %
        assertEquals(50.0, m.iou(0), 1e-9);
        // car: gt {2,3,7}, predicted {1,2,3,7} → 3 / 4 = 75 %
        assertEquals(75.0, m.iou(13), 1e-9);
        // building: gt {6}, never predicted → 0 / 1
        assertEquals(0.0, m.iou(2), 1e-9);
        assertTrue(Double.isNaN(m.iou(5)), "class 5 was only predicted on an ignored pixel: absent");
        assertEquals(125.0 / 3, m.mIoU(MeanMode.NAN_EXCLUDED), 1e-9);
        assertEquals(125.0 / 19, m.mIoU(MeanMode.ABSENT_AS_ZERO), 1e-9);
        assertEquals(500.0 / 7, m.aAcc(), 1e-9);
        assertEquals((200.0 / 3 + 100 + 0) / 3, m.mAcc(), 1e-9);
        assertEquals(1L, s.images().get("cityscapes"));
        assertEquals(1, s.panels().size());
        assertArrayEquals(new byte[] {0, 13, 13, 13, 5, 0, 0, 13}, s.panels().get(0).panel().predIds());
        assertEquals((byte) 200, s.panels().get(0).panel().rgb()[3], "panel image is the sample's image");
        assertEquals(64, s.digests().get(0).sha256().length());
    }

    @Test
    void ade20kReduceZeroLabelMapsRawIdsBeforeScoring() throws Exception {
        Path root = dir.resolve("ade");
        Path label = root.resolve("ADEChallengeData2016/annotations/validation/a_1.png");
        // raw 0 → 255 (ignored), k → k-1
        png(label, 4, 0, 1, 1, 2, 150, 3, 0, 2);
        png(dir.resolve("pred/ade20k/a_1.png"), 4, 5, 0, 1, 1, 149, 2, 7, 0);
        ResultPlan plan = new ResultPlan("ade20k", layout("ade20k", root, List.of()), 150, null,
                new PngFolderPredictor.Factory(dir.resolve("pred").toString(), "{domain}/{id}.png"), null, Set.of(),
                320);
        SegmentationMetrics m = SegmentationMetrics.from(score(plan, entry("ade20k", "a_1",
                root.resolve("x.jpg"), label), BadInputPolicy.FAIL).model().get("ade20k"));
        // train gt [255,0,0,1, 149,2,255,1]; class 0: gt {1,2} pred {1,7} → 1/3; class 1: gt {3,7} pred {2,3} → 1/3
        assertEquals(100.0 / 3, m.iou(0), 1e-9);
        assertEquals(100.0 / 3, m.iou(1), 1e-9);
        assertEquals(100.0, m.iou(2), 1e-9);
        assertEquals(100.0, m.iou(149), 1e-9);
        assertEquals(4, m.presentClasses(), "5 and 7 were predicted only where the ground truth is ignored");
        assertEquals((100.0 / 3 * 2 + 200) / 4, m.mIoU(), 1e-9);
        assertEquals(6, m.areaLabel(0) + m.areaLabel(1) + m.areaLabel(2) + m.areaLabel(149));
    }

    @Test
    void universalPredictionsAreMappedOntoTheTestDatasetsClasses() throws Exception {
        MsegTaxonomy tax = MsegTaxonomy.get();
        int[] table = tax.universalToTest("camvid-11");
        List<String> camvid = tax.datasetClasses("camvid-11");
        int road = tax.universalId("road");
        int car = tax.universalId("car");
        int sky = tax.universalId("sky");
        int building = tax.universalId("building");
        int backpack = tax.universalId("backpack");
        assertEquals(camvid.indexOf("Road"), table[road]);
        assertEquals(camvid.indexOf("Car"), table[car]);
        assertEquals(255, table[backpack], "no camvid counterpart");
        int cRoad = camvid.indexOf("Road");
        int cCar = camvid.indexOf("Car");
        int cSky = camvid.indexOf("Sky");
        int cBuilding = camvid.indexOf("Building");

        Path root = dir.resolve("mseg");
        Path label = root.resolve("camvid-11/labels/val/v1.png");
        png(label, 4, cRoad, cRoad, cCar, cCar, cSky, cBuilding, 255, cRoad);
        Files.createDirectories(root.resolve("dataset_lists/camvid-11/list"));
        Files.writeString(root.resolve("dataset_lists/camvid-11/list/val.txt"), "images/val/v1.jpg labels/val/v1.png\n");
        png(dir.resolve("pred/camvid-11/v1.png"), 4, road, road, car, backpack, sky, building, car, sky);
        ResultPlan plan = new ResultPlan("camvid-11", layout("mseg", root, List.of("camvid-11")), camvid.size(),
                new ClassMapping(table, camvid.size()),
                new PngFolderPredictor.Factory(dir.resolve("pred").toString(), "{domain}/{id}.png"), null, Set.of(),
                320);
        ConfusionMatrix cm = score(plan, entry("camvid-11", "v1", root.resolve("x.jpg"), label), BadInputPolicy.FAIL)
                .model().get("camvid-11");
        SegmentationMetrics m = SegmentationMetrics.from(cm);
        // mapped prediction [Road, Road, Car, 255, Sky, Building, (ignored), Sky]
        assertEquals(1, cm.unpredicted(cCar), "backpack has no camvid class: no prediction, counted wrong");
        assertEquals(200.0 / 3, m.iou(cRoad), 1e-9);
        assertEquals(50.0, m.iou(cCar), 1e-9);
        assertEquals(50.0, m.iou(cSky), 1e-9);
        assertEquals(100.0, m.iou(cBuilding), 1e-9);
        assertEquals((200.0 / 3 + 200) / 4, m.mIoU(), 1e-9);
        assertEquals(500.0 / 7, m.aAcc(), 1e-9);

        png(dir.resolve("pred/camvid-11/v1.png"), 4, road, road, car, 200, sky, building, car, sky);
        BadInputException e = assertThrows(BadInputException.class,
                () -> score(plan, entry("camvid-11", "v1", root.resolve("x.jpg"), label), BadInputPolicy.FAIL));
        assertTrue(e.getMessage().contains("universal id 200"), e.getMessage());
        assertTrue(e.file().endsWith("pred/camvid-11/v1.png"), e.file());
    }

    @Test
    void badPredictionsNameTheFileOrAreListedWithoutTouchingTheCounts() throws Exception {
        Path root = dir.resolve("cs");
        Path label = root.resolve("gtFine/val/city/c_000_gtFine_labelIds.png");
        png(label, 4, 7, 7, 26, 26, 0, 7, 11, 26);
        Path pred = dir.resolve("pred/cityscapes/city/c_000.png");
        ResultPlan plan = new ResultPlan("cs", layout("cityscapes", root, List.of()), 19, null,
                new PngFolderPredictor.Factory(dir.resolve("pred").toString(), "{domain}/{id}.png"),
                new PositionPrior(1, new byte[] {0}, 1), Set.of(), 320);
        ManifestEntry e = entry("cityscapes", "city/c_000", root.resolve("x.png"), label);

        BadInputException missing = assertThrows(BadInputException.class, () -> score(plan, e, BadInputPolicy.FAIL));
        assertEquals(pred.toUri().toString().replace("file:///", "file:/"), missing.file());
        assertTrue(missing.getMessage().contains("prediction file missing"), missing.getMessage());

        png(pred, 2, 0, 0, 0, 0);
        BadInputException size = assertThrows(BadInputException.class, () -> score(plan, e, BadInputPolicy.FAIL));
        assertTrue(size.getMessage().contains("prediction is 2x2 but the image (and its ground truth) is 4x2"),
                size.getMessage());

        png(pred, 4, 0, 0, 0, 0, 0, 0, 0, 19);
        BadInputException range = assertThrows(BadInputException.class, () -> score(plan, e, BadInputPolicy.FAIL));
        assertTrue(range.getMessage().endsWith("predicted id 19 at pixel 7 is out of range for 19 classes (0..18, 255"
                + " = no prediction)"), range.getMessage());

        PartitionScores skipped = score(plan, e, BadInputPolicy.SKIP);
        assertEquals(1, skipped.skipped().size());
        assertEquals(range.getMessage(), skipped.skipped().get(0).reason());
        assertEquals(0, skipped.model().getOrDefault("cs", new ConfusionMatrix(19)).labeledPixels(),
                "a rejected sample adds nothing");
        assertEquals(0, skipped.baseline().getOrDefault("cs", new ConfusionMatrix(19)).labeledPixels(),
                "nor to the baseline");
        assertTrue(skipped.images().isEmpty());
    }

    @Test
    void imageBlindBaselinePredictsTheMostFrequentTrainingClassPerPosition() {
        ClassPositionCounts counts = new ClassPositionCounts(2, 4);
        // 4x2 maps on a 2x2 grid: cells are the left/right halves of the top and bottom rows
        counts.add(new LabelMap(4, 2, new byte[] {1, 1, 2, 2, 3, 3, 0, (byte) 255}), "a");
        counts.add(new LabelMap(4, 2, new byte[] {1, 2, 2, 2, 3, 0, (byte) 255, (byte) 255}), "b");
        assertEquals(3, counts.count(0, 0, 1));
        assertEquals(1, counts.count(0, 0, 2));
        PositionPrior prior = counts.prior();
        assertEquals(2, prior.images());
        // top-left: 1 (3 of 4), top-right: 2 (4 of 4), bottom-left: 3 (3 vs 1), bottom-right: 0 (the only labeled)
        assertArrayEquals(new byte[] {1, 2, 3, 0}, prior.cells());
        // an 8x4 image: each cell covers 4x2 pixels
        LabelMap p = prior.predict(8, 4);
        assertEquals(1, p.get(3, 1));
        assertEquals(2, p.get(4, 0));
        assertEquals(3, p.get(0, 3));
        assertEquals(0, p.get(7, 3));

        ClassPositionCounts sparse = new ClassPositionCounts(2, 4);
        sparse.add(new LabelMap(2, 2, new byte[] {3, 3, 3, (byte) 255}), "c");
        assertArrayEquals(new byte[] {3, 3, 3, 3}, sparse.prior().cells(), "an empty cell takes the overall mode");
        assertEquals(null, new ClassPositionCounts(2, 4).prior(), "nothing counted: no baseline");
    }
}
