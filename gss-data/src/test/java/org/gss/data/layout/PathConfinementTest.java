package org.gss.data.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.image.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sample ids and paths read from list files are confined to the dataset root: {@code ..}, absolute paths, URIs and
 * control characters are bad input naming the list file (the bad-input policy applies), and a bad entry does not change
 * the ids of the other samples of the split.
 */
class PathConfinementTest {
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    private Path root() throws IOException {
        Path root = dir.resolve("data");
        for (String id : List.of("000001", "000002")) {
            Fixtures.writeJpeg(root.resolve("voc2012/images/val/" + id + ".jpg"), 4, 2);
            Fixtures.writeLabel(root.resolve("voc2012/labels/val/" + id + ".png"), 4, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        // the files a hostile entry points at exist: only confinement keeps them out
        Fixtures.writeJpeg(dir.resolve("escape/000009.jpg"), 4, 2);
        Fixtures.writeLabel(dir.resolve("escape/000009.png"), 4, 0, 0, 0, 0, 0, 0, 0, 0);
        return root;
    }

    private static final List<String> HOSTILE = List.of(
            "../../../../escape/000009.jpg ../../../../escape/000009.png",
            "images/val/../../../../escape/000009.jpg labels/val/000001.png",
            "/etc/hostname labels/val/000001.png",
            "file:/etc/hostname labels/val/000001.png",
            "images/val/00\u00000003.jpg labels/val/000003.png",
            "images/val/000004\u001b[31m.jpg labels/val/000004.png",
            "images/val/000001.jpg ../escape/000009.png");

    private SampleListing listMseg(Path root, String hostile, BadInputPolicy policy) throws IOException {
        Fixtures.writeLines(root.resolve("dataset_lists/voc2012/list/val.txt"),
                "images/val/000001.jpg labels/val/000001.png", hostile, "images/val/000002.jpg labels/val/000002.png");
        return DatasetLayouts.forName("mseg", Map.of("domains", List.of("voc2012"))).list(root.toString(), "val", conf,
                policy);
    }

    @Test
    void msegPairListEntriesOutsideTheDatasetAreBadInputUnderFail() throws IOException {
        Path root = root();
        for (String hostile : HOSTILE) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> listMseg(root, hostile, BadInputPolicy.FAIL), hostile);
            assertTrue(e.file().endsWith("dataset_lists/voc2012/list/val.txt"), e.file());
            assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        }
    }

    @Test
    void underSkipTheEntryIsRecordedAndTheOtherIdsStayAsTheyWere() throws IOException {
        Path root = root();
        for (String hostile : HOSTILE) {
            SampleListing l = listMseg(root, hostile, BadInputPolicy.SKIP);
            assertEquals(List.of("000001", "000002"), l.samples().stream().map(SampleRef::id).toList(), hostile);
            assertEquals(1, l.skipped().size(), hostile);
            String datasetRoot = Fixtures.uri(root.resolve("voc2012")) + "/";
            for (SampleRef s : l.samples()) {
                assertTrue(s.imageUri().startsWith(datasetRoot) && s.labelUri().startsWith(datasetRoot), s.toString());
            }
            assertFalse(l.skipped().get(0).reason().contains("\u0000"), "control characters are not echoed");
        }
    }

    @Test
    void splitFileIdsAreConfinedToo() throws IOException {
        Path root = dir.resolve("custom");
        for (String id : List.of("a", "b")) {
            Fixtures.writeJpeg(root.resolve("imgs/" + id + "_img.jpg"), 4, 2);
            Fixtures.writeLabel(root.resolve("gts/" + id + "_gt.png"), 4, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        DatasetLayout layout = DatasetLayouts.forName("custom", Map.of("numClasses", "3"));
        for (String hostile : List.of("../../escape/000009", "/etc/hostname", "sub/../../x", "a\u0007b")) {
            Fixtures.writeLines(root.resolve("splits/val.txt"), "a", hostile, "b");
            BadInputException e = assertThrows(BadInputException.class,
                    () -> layout.list(root.toString(), "val", conf, BadInputPolicy.FAIL), hostile);
            assertTrue(e.file().endsWith("splits/val.txt"), e.file());
            SampleListing skip = layout.list(root.toString(), "val", conf, BadInputPolicy.SKIP);
            assertEquals(List.of("a", "b"), skip.samples().stream().map(SampleRef::id).toList(), hostile);
            assertEquals(1, skip.skipped().size(), hostile);
        }
    }
}
