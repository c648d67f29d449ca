package org.gss.jobs.eval;

import static org.gss.jobs.eval.EvalCli.gss;
import static org.gss.jobs.eval.EvalCli.q;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gss.cli.Main;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.testing.SharedData;
import org.gss.testing.GssCli;
import org.gss.testing.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code gss predict} with the PNG predictor on the real Cityscapes sample: ids kept, colours from the palette. */
class PredictJobTest {
    static final String STEM = "frankfurt/frankfurt_000000_000294";

    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);
    static Path root;
    static Path trainIds;

    @BeforeAll
    static void start() {
        root = SharedData.data("cityscapes");
        trainIds = root.resolve("gtFine/val/" + STEM + "_gtFine_labelTrainIds.png");
    }

    @Test
    void manifestInputWritesIdsAndCityscapesColours() throws Exception {
        Path manifest = dir.resolve("manifest");
        Path out = dir.resolve("predict");
        assertEquals(Main.OK, gss("index", EvalCli.sets("gss.dataset.layout=cityscapes", q("gss.dataset.root", root),
                "gss.dataset.splits=[\"val\"]", q("gss.index.out", manifest))).code());
        GssCli.Run r = gss("predict", EvalCli.sets(q("gss.predict.input", manifest), q("gss.predict.out", out),
                q("gss.predict.predictions", root.resolve("gtFine/val")),
                q("gss.predict.prediction-name", "{id}_gtFine_labelTrainIds.png"), "gss.predict.classes=19"));
        assertEquals(Main.OK, r.code(), r.output());
        LabelMap expected = ImageCodec.decodeLabel(Files.readAllBytes(trainIds), trainIds.toString());
        Path labels = out.resolve("labels/cityscapes/" + STEM + ".png");
        assertArrayEquals(expected.ids(), ImageCodec.decodeLabel(Files.readAllBytes(labels), "x").ids());
        RgbImage color = ImageCodec.decodeRgb(Files.readAllBytes(out.resolve("color/cityscapes/" + STEM + ".png")), "c");
        int road = -1;
        int ignored = -1;
        for (int i = 0; i < expected.size() && (road < 0 || ignored < 0); i++) {
            road = road < 0 && expected.at(i) == 0 ? i : road;
            ignored = ignored < 0 && expected.at(i) == 255 ? i : ignored;
        }
        assertEquals(0x804080, color.packed(road) & 0xFFFFFF, "Cityscapes road is (128, 64, 128)");
        assertEquals(0, color.packed(ignored) & 0xFFFFFF, "255 is black");
        assertTrue(Files.readString(out.resolve("_predict.json")).contains("\"images\" : 1"));
    }

    @Test
    void folderInputNamesOutputsByRelativePathAndRejectsOutOfRangeIds() throws Exception {
        Path preds = dir.resolve("folder-preds/" + STEM + "_leftImg8bit.png");
        Files.createDirectories(preds.getParent());
        Files.copy(trainIds, preds);
        Path out = dir.resolve("predict-folder");
        GssCli.Run r = gss("predict", EvalCli.sets(q("gss.predict.input", root.resolve("leftImg8bit/val")),
                q("gss.predict.out", out), q("gss.predict.predictions", dir.resolve("folder-preds")),
                q("gss.predict.prediction-name", "{id}.png")));
        assertEquals(Main.OK, r.code(), r.output());
        assertTrue(Files.isRegularFile(out.resolve("labels/" + STEM + "_leftImg8bit.png")));
        assertTrue(Files.isRegularFile(out.resolve("color/" + STEM + "_leftImg8bit.png")));

        Path out2 = dir.resolve("predict-k10");
        GssCli.Run bad = gss("predict", EvalCli.sets(q("gss.predict.input", root.resolve("leftImg8bit/val")),
                q("gss.predict.out", out2), q("gss.predict.predictions", dir.resolve("folder-preds")),
                q("gss.predict.prediction-name", "{id}.png"), "gss.predict.classes=10"));
        assertEquals(Main.FAILED, bad.code(), bad.output());
        assertTrue(bad.output().contains(preds.toString()) && bad.output().contains("out of range for 10 classes"),
                bad.output());
        assertFalse(Files.exists(out2), "a failed predict publishes nothing");
    }
}
