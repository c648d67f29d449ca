package org.gss.data.layout;

import static org.gss.data.layout.Fixtures.uri;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.testing.SharedData;
import org.junit.jupiter.api.Test;

class Ade20kLayoutTest {
    private final Configuration conf = new Configuration();
    private final Path root = SharedData.data("ade20k");
    private final DatasetLayout layout = DatasetLayouts.forName("ade20k");

    @Test
    void listsBothSplitsUnderEitherName() {
        Path ade = root.resolve("ADEChallengeData2016");
        SampleRef train = new SampleRef("ade20k", "train", "ADE_train_00000001",
                uri(ade.resolve("images/training/ADE_train_00000001.jpg")),
                uri(ade.resolve("annotations/training/ADE_train_00000001.png")));
        assertEquals(List.of(train), layout.samples(root.toString(), "train", conf));
        assertEquals(List.of(train), layout.samples(root.toString(), "training", conf));
        List<SampleRef> val = layout.samples(root.toString(), "validation", conf);
        assertEquals("val", val.get(0).split());
        assertEquals("ADE_val_00000001", val.get(0).id());
        assertThrows(IllegalArgumentException.class, () -> layout.samples(root.toString(), "test", conf));
        // the root may also be the ADEChallengeData2016 folder itself
        DatasetLayout inside = DatasetLayouts.forName("ade20k", Map.of("subdir", ""));
        assertEquals(List.of(train), inside.samples(ade.toString(), "train", conf));
    }

    @Test
    void rawAnnotationsAreReducedToZeroBasedClasses() {
        SampleRef train = layout.samples(root.toString(), "train", conf).get(0);
        RgbImage img = layout.readImage(train, conf);
        assertEquals(683, img.width());
        assertEquals(512, img.height());

        DatasetLayout raw = DatasetLayouts.forName("ade20k", Map.of("reduceZeroLabel", false));
        LabelMap rawTrain = raw.readTrainingLabels(train, conf);
        assertArrayEquals(new int[] {0, 1, 4, 5, 6, 13, 18, 32, 33, 43, 44, 88, 97, 105, 126, 139, 150},
                rawTrain.distinctIds());

        LabelMap reduced = layout.readTrainingLabels(train, conf);
        assertArrayEquals(new int[] {0, 3, 4, 5, 12, 17, 31, 32, 42, 43, 87, 96, 104, 125, 138, 149, 255},
                reduced.distinctIds());
        Map<Integer, Long> h = Fixtures.histogram(reduced);
        assertEquals(34427L, h.get(255)); // raw 0 "other"
        assertEquals(166409L, h.get(5)); // raw 6 ceiling → 5
        assertEquals(457L, h.get(149)); // raw 150 flag → 149
        for (int i = 0; i < reduced.size(); i++) {
            int r = rawTrain.at(i);
            assertEquals(r == 0 ? 255 : r - 1, reduced.at(i));
        }

        SampleRef val = layout.samples(root.toString(), "val", conf).get(0);
        assertArrayEquals(new int[] {0, 1, 2, 3, 5, 7, 10, 18}, raw.readTrainingLabels(val, conf).distinctIds());
        assertArrayEquals(new int[] {0, 1, 2, 4, 6, 9, 17, 255}, layout.readTrainingLabels(val, conf).distinctIds());
    }
}
