package org.gss.data.layout;

import static org.gss.data.layout.Fixtures.uri;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.gss.data.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomLayoutTest {
    private final Configuration conf = new Configuration();
    private final Path root = SharedData.data("mmseg_pseudo_dataset");
    private final DatasetLayout layout = DatasetLayouts.forName("custom", Map.of("classes", List.of("A", "B", "C", "D")));

    @Test
    void splitFilesSelectTheSamples() {
        List<SampleRef> train = layout.samples(root.toString(), "train", conf);
        assertEquals(List.of("00000", "00001", "00002", "00003"), train.stream().map(SampleRef::id).toList());
        assertEquals(new SampleRef("custom", "train", "00000", uri(root.resolve("imgs/00000_img.jpg")),
                uri(root.resolve("gts/00000_gt.png"))), train.get(0));
        assertEquals(List.of("00004"), layout.samples(root.toString(), "val", conf).stream().map(SampleRef::id).toList());
        assertEquals(256, layout.readImage(train.get(0), conf).width());
        assertEquals(128, layout.readImage(train.get(0), conf).height());

        DatasetLayout all = DatasetLayouts.forName("custom", Map.of("numClasses", 4, "splitDir", ""));
        assertEquals(5, all.samples(root.toString(), "anything", conf).size());

        BadInputException e = assertThrows(BadInputException.class, () -> layout.samples(root.toString(), "test", conf));
        assertEquals(uri(root.resolve("splits/test.txt")), e.file());
    }

    @Test
    void paletteGtsAreReadAsIndices() {
        int[][] expected = {{0, 2}, {0, 1}, {0, 2}, {0, 3}, {0, 3}};
        List<SampleRef> samples = new java.util.ArrayList<>(layout.samples(root.toString(), "train", conf));
        samples.addAll(layout.samples(root.toString(), "val", conf));
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(expected[i], layout.readTrainingLabels(samples.get(i), conf).distinctIds(),
                    samples.get(i).id());
        }
        LabelMap first = layout.readTrainingLabels(samples.get(0), conf);
        assertEquals(Fixtures.counts(0, 29578, 2, 3190), Fixtures.histogram(first));
        assertEquals(Fixtures.counts(0, 14528, 3, 18240),
                Fixtures.histogram(layout.readTrainingLabels(samples.get(4), conf)));
    }

    @Test
    void idsOutsideTheClassListRejectTheFileOrBecomeIgnore() {
        DatasetLayout two = DatasetLayouts.forName("custom", Map.of("numClasses", 2));
        SampleRef s = two.samples(root.toString(), "train", conf).get(0);
        BadInputException e = assertThrows(BadInputException.class, () -> two.readTrainingLabels(s, conf));
        assertEquals(uri(root.resolve("gts/00000_gt.png")), e.file());
        assertTrue(e.getMessage().contains("label id 2 at"), e.getMessage());
        assertTrue(e.getMessage().contains("3190 of 32768 pixels"), e.getMessage());

        DatasetLayout lenient = DatasetLayouts.forName("custom", Map.of("numClasses", 2, "unknownIds", "ignore"));
        assertEquals(Fixtures.counts(0, 29578, 255, 3190),
                Fixtures.histogram(lenient.readTrainingLabels(s, conf)));
    }

    @Test
    void listedIdWithoutFilesFailsNamingTheImageOrIsSkipped(@TempDir Path dir) throws IOException {
        for (String id : List.of("00000", "00001")) {
            Fixtures.copy(root.resolve("imgs/" + id + "_img.jpg"), dir.resolve("imgs/" + id + "_img.jpg"));
        }
        Fixtures.copy(root.resolve("gts/00000_gt.png"), dir.resolve("gts/00000_gt.png"));
        byte[] gt = Files.readAllBytes(root.resolve("gts/00001_gt.png"));
        Files.write(dir.resolve("gts/00001_gt.png"), Arrays.copyOf(gt, gt.length - 40)); // truncated
        Fixtures.writeLines(dir.resolve("splits/train.txt"), "00000", "00001", "00002");

        BadInputException e = assertThrows(BadInputException.class, () -> layout.samples(dir.toString(), "train", conf));
        assertEquals(uri(dir.resolve("imgs/00002_img.jpg")), e.file());
        assertTrue(e.getMessage().contains("image file not found"), e.getMessage());

        SampleListing listing = layout.list(dir.toString(), "train", conf, BadInputPolicy.SKIP);
        assertEquals(List.of("00000", "00001"), listing.samples().stream().map(SampleRef::id).toList());
        assertEquals(List.of("00002"), listing.skipped().stream().map(Skipped::id).toList());

        SkipReport report = new SkipReport();
        List<LabelMap> decoded = listing.samples().stream()
                .map(s -> BadInputPolicy.SKIP.guard(report, s, () -> layout.readTrainingLabels(s, conf)))
                .flatMap(java.util.Optional::stream).toList();
        assertEquals(1, decoded.size());
        assertEquals(1, report.size());
        assertEquals(uri(dir.resolve("gts/00001_gt.png")), report.entries().get(0).file());
        assertTrue(report.summary(5).startsWith("1 sample skipped\n  custom/train/00001: " + uri(dir.resolve(
                "gts/00001_gt.png")) + ": corrupt or truncated image"), report.summary(5));
        SampleRef broken = listing.samples().get(1);
        assertThrows(BadInputException.class,
                () -> BadInputPolicy.FAIL.guard(report, broken, () -> layout.readTrainingLabels(broken, conf)));
    }
}
