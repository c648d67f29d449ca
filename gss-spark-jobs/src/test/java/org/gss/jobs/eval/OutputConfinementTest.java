package org.gss.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.image.BadInputException;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sample ids reach {@code gss predict} from manifests and folder listings; the files it writes for them, and the
 * prediction files it reads, must stay inside the configured folders whatever the id says.
 */
class OutputConfinementTest {
    @TempDir
    Path dir;

    @Test
    void predictRefusesIdsThatWouldWriteOutsideTheOutputFolder() throws Exception {
        Path image = dir.resolve("in/a.png");
        Files.createDirectories(image.getParent());
        Files.write(image, ImageCodec.encodePng(RgbImage.blank(2, 1)));
        Path out = dir.resolve("out/.predict.tmp-1");
        Files.createDirectories(out);
        Predictor fixed = in -> new org.gss.jobs.eval.Prediction(new LabelMap(2, 1, new byte[] {0, 1}), "fixed", "");
        for (String id : List.of("../../../escape/000009", "../../escape", "a/../../../../escape/x", "x\u0000y")) {
            BadInputException e = assertThrows(BadInputException.class, () -> PredictJob.predictOne(
                    new PredictJob.Item("ds", "val", id, image.toUri().toString(), 2, 1), fixed, new Configuration(),
                    out.toUri().toString(), new int[256], 0), id);
            assertTrue(e.getMessage().contains("sample id"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("escape")), "nothing was written outside the output folder");
        assertFalse(Files.exists(dir.resolve("out/escape")));
        PredictJob.predictOne(new PredictJob.Item("ds", "val", "sub/ok", image.toUri().toString(), 2, 1), fixed,
                new Configuration(), out.toUri().toString(), new int[256], 0);
        assertTrue(Files.exists(out.resolve("labels/ds/sub/ok.png")));
    }

    @Test
    void pngPredictionsAreOnlyReadFromInsideTheirFolder() throws Exception {
        Files.createDirectories(dir.resolve("preds"));
        Files.write(dir.resolve("secret.png"), ImageCodec.encodeLabelPng(new LabelMap(2, 1, new byte[] {0, 1})));
        PngFolderPredictor p = new PngFolderPredictor(dir.resolve("preds").toString(), "{id}.png", new Configuration());
        BadInputException e = assertThrows(BadInputException.class, () -> p.predict(new PredictionInput("", "val",
                "../secret", dir.resolve("in/a.png").toString(), 2, 1, () -> RgbImage.blank(2, 1))));
        assertTrue(e.getMessage().contains("'..'"), e.getMessage());
        assertTrue(e.file().endsWith("preds"), e.file());
    }
}
