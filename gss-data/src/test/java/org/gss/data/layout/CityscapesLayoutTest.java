package org.gss.data.layout;

import static org.gss.data.layout.Fixtures.histogram;
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
import org.apache.hadoop.conf.Configuration;
import org.gss.data.image.BadInputException;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CityscapesLayoutTest {
    private static final String STEM = "frankfurt_000000_000294";
    private final Configuration conf = new Configuration();
    private final Path root = SharedData.data("cityscapes");
    private final DatasetLayout layout = DatasetLayouts.forName("cityscapes");

    @Test
    void listsTheValFrameWithItsLabelIds() {
        List<SampleRef> samples = layout.samples(root.toString(), "val", conf);
        assertEquals(List.of(new SampleRef("cityscapes", "val", "frankfurt/" + STEM,
                uri(root.resolve("leftImg8bit/val/frankfurt/" + STEM + "_leftImg8bit.png")),
                uri(root.resolve("gtFine/val/frankfurt/" + STEM + "_gtFine_labelIds.png")))), samples);
        RgbImage img = layout.readImage(samples.get(0), conf);
        assertEquals(256, img.width());
        assertEquals(128, img.height());
    }

    @Test
    void labelIdsBecomeTrainIdsThroughTheOfficialTable() throws IOException {
        SampleRef s = layout.samples(root.toString(), "val", conf).get(0);
        byte[] bytes = Files.readAllBytes(root.resolve("gtFine/val/frankfurt/" + STEM + "_gtFine_labelIds.png"));
        LabelMap raw = ImageCodec.decodeLabel(bytes, "labelIds");
        assertArrayEquals(new int[] {1, 2, 3, 4, 7, 8, 11, 13, 17, 20, 21, 23, 24, 26}, raw.distinctIds());
        assertEquals(3, raw.get(0, 0)); // out of roi
        assertEquals(7, raw.get(128, 64)); // road
        assertEquals(11, raw.get(200, 30)); // building

        LabelMap train = layout.readTrainingLabels(s, conf);
        assertEquals(256, train.width());
        assertEquals(128, train.height());
        assertArrayEquals(new int[] {0, 1, 2, 4, 5, 7, 8, 10, 11, 13, 255}, train.distinctIds());
        assertEquals(255, train.get(0, 0));
        assertEquals(0, train.get(128, 64));
        assertEquals(2, train.get(200, 30));
        assertEquals(Fixtures.counts(0, 9740, 1, 2628, 2, 12744, 4, 44, 5, 396, 7, 188, 8, 664, 10, 581, 11, 107,
                13, 1802, 255, 3874), histogram(train));

        // The fixture's labelTrainIds.png was resized separately: it differs on 77 pixels (see the data README).
        LabelMap fixture = ImageCodec.decodeLabel(Files.readAllBytes(
                root.resolve("gtFine/val/frankfurt/" + STEM + "_gtFine_labelTrainIds.png")), "labelTrainIds");
        long differing = java.util.stream.IntStream.range(0, train.size()).filter(i -> train.at(i) != fixture.at(i))
                .count();
        assertEquals(77, differing);
    }

    @Test
    void missingSplitFolderIsNamed() {
        BadInputException e = assertThrows(BadInputException.class, () -> layout.samples(root.toString(), "train", conf));
        assertEquals(uri(root.resolve("leftImg8bit/train")), e.file());
    }

    @Test
    void imageWithoutLabelFailsNamingTheImageOrIsSkipped(@TempDir Path dir) throws IOException {
        Fixtures.copy(root.resolve("leftImg8bit/val/frankfurt/" + STEM + "_leftImg8bit.png"),
                dir.resolve("leftImg8bit/val/frankfurt/" + STEM + "_leftImg8bit.png"));
        Fixtures.copy(root.resolve("gtFine/val/frankfurt/" + STEM + "_gtFine_labelIds.png"),
                dir.resolve("gtFine/val/frankfurt/" + STEM + "_gtFine_labelIds.png"));
        Path orphan = dir.resolve("leftImg8bit/val/munster/munster_000001_000019_leftImg8bit.png");
        Fixtures.copy(root.resolve("leftImg8bit/val/frankfurt/" + STEM + "_leftImg8bit.png"), orphan);

        BadInputException e = assertThrows(BadInputException.class, () -> layout.samples(dir.toString(), "val", conf));
        assertEquals(uri(orphan), e.file());
        assertTrue(e.getMessage().contains("no label file for this image (expected " + uri(dir.resolve(
                "gtFine/val/munster/munster_000001_000019_gtFine_labelIds.png")) + ")"), e.getMessage());

        SampleListing skip = layout.list(dir.toString(), "val", conf, BadInputPolicy.SKIP);
        assertEquals(List.of("frankfurt/" + STEM), skip.samples().stream().map(SampleRef::id).toList());
        assertEquals(1, skip.skipped().size());
        Skipped s = skip.skipped().get(0);
        assertEquals(List.of("cityscapes", "val", "munster/munster_000001_000019", uri(orphan)),
                List.of(s.dataset(), s.split(), s.id(), s.file()));
        assertTrue(s.reason().contains("no label file"), s.reason());
    }

    @Test
    void truncatedLabelPngIsBadInputNamingTheFile(@TempDir Path dir) throws IOException {
        byte[] full = Files.readAllBytes(root.resolve("gtFine/val/frankfurt/" + STEM + "_gtFine_labelIds.png"));
        Fixtures.copy(root.resolve("leftImg8bit/val/frankfurt/" + STEM + "_leftImg8bit.png"),
                dir.resolve("leftImg8bit/val/frankfurt/" + STEM + "_leftImg8bit.png"));
        Path label = dir.resolve("gtFine/val/frankfurt/" + STEM + "_gtFine_labelIds.png");
        Files.createDirectories(label.getParent());
        Files.write(label, Arrays.copyOf(full, full.length / 2));

        SampleRef s = layout.samples(dir.toString(), "val", conf).get(0);
        BadInputException e = assertThrows(BadInputException.class, () -> layout.readTrainingLabels(s, conf));
        assertEquals(uri(label), e.file());
        assertTrue(e.getMessage().startsWith(uri(label) + ": corrupt or truncated image"), e.getMessage());
    }
}
