package org.gss.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetWriterTest {
    private static final int[] CITYSCAPES_LABEL_IDS = {7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
        31, 32, 33};

    @TempDir
    Path tmp;

    @Test
    void cityscapesLayoutHasExactNamesSizesAndIds() throws IOException {
        SynthSpec spec = SynthSpec.defaults(SynthLayout.CITYSCAPES).withCounts(3, 2).withNumClasses(8);
        SynthSummary summary = SyntheticDatasetWriter.write(spec, tmp);

        Set<String> expected = new TreeSet<>();
        for (String stem : List.of("train/aachen/aachen_000000_000019", "train/bremen/bremen_000000_000019",
                "train/aachen/aachen_000001_000019", "val/frankfurt/frankfurt_000000_000019",
                "val/munster/munster_000000_000019")) {
            expected.add("leftImg8bit/" + stem + "_leftImg8bit.png");
            expected.add("gtFine/" + stem + "_gtFine_labelIds.png");
            expected.add("gtFine/" + stem + "_gtFine_labelTrainIds.png");
        }
        assertEquals(expected, SynthTestFiles.hashes(tmp).keySet());
        assertEquals(15, summary.filesWritten());
        assertEquals(Map.of("train", 3, "val", 2), summary.samplesPerSplit());

        Set<Integer> allowedIds = new TreeSet<>(Set.of(0));
        for (int k = 0; k < 8; k++) {
            allowedIds.add(CITYSCAPES_LABEL_IDS[k]);
        }
        for (SynthSample s : summary.samples()) {
            RgbImage img = SynthTestFiles.image(tmp, s.imagePath());
            LabelMap ids = SynthTestFiles.label(tmp, s.labelPath());
            LabelMap trainIds = SynthTestFiles.label(tmp, s.labelPath().replace("_labelIds", "_labelTrainIds"));
            assertEquals(256, img.width());
            assertEquals(128, img.height());
            assertEquals(256, ids.width());
            assertEquals(128, ids.height());
            SyntheticScene.Sample mem = SyntheticDatasetWriter.render(spec, 0, s.split(), s.index());
            assertArrayEquals(mem.image().rgb(), img.rgb(), "PNG image is lossless: " + s.imagePath());
            assertArrayEquals(mem.labels().ids(), trainIds.ids(), s.labelPath());
            for (int i = 0; i < ids.size(); i++) {
                int id = ids.at(i);
                assertTrue(allowedIds.contains(id), "label id " + id + " in " + s.labelPath());
                int expectedTrainId = id == 0 ? 255 : indexOf(CITYSCAPES_LABEL_IDS, id);
                assertEquals(expectedTrainId, trainIds.at(i), "trainId of label id " + id);
            }
        }
    }

    @Test
    void ade20kLayoutHasExactNamesAndRawLabels() throws IOException {
        SynthSpec spec = SynthSpec.defaults(SynthLayout.ADE20K).withSize(160, 120).withCounts(2, 1).withNumClasses(10);
        SynthSummary summary = SyntheticDatasetWriter.write(spec, tmp);
        assertEquals(Set.of(
                "ADEChallengeData2016/images/training/ADE_train_00000001.jpg",
                "ADEChallengeData2016/images/training/ADE_train_00000002.jpg",
                "ADEChallengeData2016/images/validation/ADE_val_00000001.jpg",
                "ADEChallengeData2016/annotations/training/ADE_train_00000001.png",
                "ADEChallengeData2016/annotations/training/ADE_train_00000002.png",
                "ADEChallengeData2016/annotations/validation/ADE_val_00000001.png"), SynthTestFiles.hashes(tmp).keySet());
        for (SynthSample s : summary.samples()) {
            byte[] jpeg = Files.readAllBytes(tmp.resolve(s.imagePath()));
            assertEquals(0xFF, jpeg[0] & 0xFF, "JPEG SOI marker");
            assertEquals(0xD8, jpeg[1] & 0xFF, "JPEG SOI marker");
            RgbImage img = SynthTestFiles.image(tmp, s.imagePath());
            assertEquals(160, img.width());
            assertEquals(120, img.height());
            LabelMap raw = SynthTestFiles.label(tmp, s.labelPath());
            LabelMap train = SyntheticDatasetWriter.render(spec, 0, s.split(), s.index()).labels();
            for (int i = 0; i < raw.size(); i++) {
                int v = raw.at(i);
                assertTrue(v <= 10, "raw ADE value " + v);
                assertEquals(train.at(i) == 255 ? 0 : train.at(i) + 1, v);
            }
        }
    }

    @Test
    void msegLayoutHasDomainsListsAndTrainingIds() throws IOException {
        SynthSpec spec = SynthSpec.defaults(SynthLayout.MSEG).withSize(96, 64).withCounts(2, 1).withNumClasses(6);
        SynthSummary summary = SyntheticDatasetWriter.write(spec, tmp);
        Set<String> expected = new TreeSet<>();
        for (String d : List.of("day", "dusk", "fog")) {
            for (String f : List.of("train/000000", "train/000001", "val/000000")) {
                expected.add(d + "/images/" + f + ".jpg");
                expected.add(d + "/labels/" + f + ".png");
            }
            expected.add("dataset_lists/" + d + "/list/train.txt");
            expected.add("dataset_lists/" + d + "/list/val.txt");
            expected.add("dataset_lists/" + d + "/" + d + "_names.txt");
        }
        assertEquals(expected, SynthTestFiles.hashes(tmp).keySet());
        assertEquals(Map.of("train", 6, "val", 3), summary.samplesPerSplit());
        assertEquals("images/train/000000.jpg labels/train/000000.png\nimages/train/000001.jpg labels/train/000001.png\n",
                Files.readString(tmp.resolve("dataset_lists/dusk/list/train.txt"), StandardCharsets.UTF_8));
        assertEquals("images/val/000000.jpg labels/val/000000.png\n",
                Files.readString(tmp.resolve("dataset_lists/fog/list/val.txt"), StandardCharsets.UTF_8));
        assertEquals("flat_0\nsky_1\nstructure_2\nvegetation_3\nthin_4\nobject_5\n",
                Files.readString(tmp.resolve("dataset_lists/day/day_names.txt"), StandardCharsets.UTF_8));
        for (SynthSample s : summary.samples()) {
            LabelMap l = SynthTestFiles.label(tmp, s.labelPath());
            for (int id : l.distinctIds()) {
                assertTrue(id < 6 || id == 255, "mseg label " + id + " in " + s.labelPath());
            }
        }
    }

    @Test
    void msegPngImagesUseThePngExtension() throws IOException {
        SynthSpec spec = SynthSpec.defaults(SynthLayout.MSEG).withSize(32, 32).withCounts(1, 0)
                .withDomains(List.of("a")).withImageFormat(ImageFormat.PNG);
        SyntheticDatasetWriter.write(spec, tmp);
        assertEquals("images/train/000000.png labels/train/000000.png\n",
                Files.readString(tmp.resolve("dataset_lists/a/list/train.txt")));
        assertArrayEquals(SyntheticDatasetWriter.render(spec, 0, SynthSplit.TRAIN, 0).image().rgb(),
                SynthTestFiles.image(tmp, "a/images/train/000000.png").rgb());
    }

    @Test
    void sameSpecWritesIdenticalBytes() throws IOException {
        for (SynthLayout layout : SynthLayout.values()) {
            SynthSpec spec = SynthSpec.defaults(layout).withSize(96, 64).withCounts(3, 2).withSeed(7);
            SyntheticDatasetWriter.write(spec, tmp.resolve(layout.id() + "-a"));
            SyntheticDatasetWriter.write(spec, tmp.resolve(layout.id() + "-b"));
            Map<String, String> a = SynthTestFiles.hashes(tmp.resolve(layout.id() + "-a"));
            assertEquals(a, SynthTestFiles.hashes(tmp.resolve(layout.id() + "-b")), layout.id());
            SyntheticDatasetWriter.write(spec.withSeed(8), tmp.resolve(layout.id() + "-c"));
            Map<String, String> c = SynthTestFiles.hashes(tmp.resolve(layout.id() + "-c"));
            assertEquals(a.keySet(), c.keySet());
            assertNotEquals(a, c, "another seed gives other content: " + layout.id());
        }
    }

    @Test
    void addingImagesLeavesEarlierFilesUntouched() throws IOException {
        for (SynthLayout layout : SynthLayout.values()) {
            Path root = tmp.resolve(layout.id());
            SynthSpec ten = SynthSpec.defaults(layout).withSize(64, 48).withCounts(10, 2);
            SynthSummary first = SyntheticDatasetWriter.write(ten, root);
            Map<String, String> before = SynthTestFiles.hashes(root);
            SynthSummary second = SyntheticDatasetWriter.write(ten.withCounts(12, 2), root);
            Map<String, String> after = SynthTestFiles.hashes(root);
            int changed = 0;
            for (Map.Entry<String, String> e : before.entrySet()) {
                if (!e.getValue().equals(after.get(e.getKey()))) {
                    changed++;
                    assertTrue(e.getKey().endsWith("/list/train.txt"), "changed: " + e.getKey());
                }
            }
            int domains = ten.domainsOrSingle().size();
            int filesPerSample = layout == SynthLayout.CITYSCAPES ? 3 : 2;
            assertEquals(layout == SynthLayout.MSEG ? domains : 0, changed, "only train lists grow");
            assertEquals(2 * domains * filesPerSample + changed, second.filesWritten(), layout.id());
            assertEquals(first.files() - changed, second.filesUnchanged(), layout.id());
            assertEquals(SynthTestFiles.hashes(writeFresh(ten.withCounts(12, 2), layout.id() + "-fresh")), after);
        }
    }

    private Path writeFresh(SynthSpec spec, String name) throws IOException {
        Path root = tmp.resolve(name);
        SyntheticDatasetWriter.write(spec, root);
        return root;
    }

    private static int indexOf(int[] table, int value) {
        for (int i = 0; i < table.length; i++) {
            if (table[i] == value) {
                return i;
            }
        }
        throw new AssertionError("label id " + value + " not in the table");
    }
}
