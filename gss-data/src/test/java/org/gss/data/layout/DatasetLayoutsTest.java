package org.gss.data.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.label.UnknownIdPolicy;
import org.gss.data.testing.SharedData;
import org.junit.jupiter.api.Test;

class DatasetLayoutsTest {
    @Test
    void buildsEachLayoutByName() {
        assertInstanceOf(CityscapesLayout.class, DatasetLayouts.forName("cityscapes"));
        assertInstanceOf(Ade20kLayout.class, DatasetLayouts.forName("ade20k"));
        assertInstanceOf(MsegLayout.class, DatasetLayouts.forName("mseg", Map.of("domains", "voc2012,camvid-11")));
        assertInstanceOf(CustomLayout.class, DatasetLayouts.forName("custom", Map.of("numClasses", "3")));
        assertEquals(UnknownIdPolicy.FAIL, DatasetLayouts.forName("cityscapes").labelMapping("cityscapes").unknownIds());
        assertEquals(UnknownIdPolicy.IGNORE, DatasetLayouts.forName("cityscapes", Map.of("unknownIds", "ignore"))
                .labelMapping("cityscapes").unknownIds());
    }

    /** Strict by default: a label id outside the dataset's table is bad input for every layout unless opted out. */
    @Test
    void unknownLabelIdsAreBadInputByDefaultInEveryLayout() {
        org.gss.data.image.LabelMap raw = new org.gss.data.image.LabelMap(2, 1, new byte[] {7, (byte) 200});
        for (DatasetLayout layout : List.of(DatasetLayouts.forName("cityscapes"), DatasetLayouts.forName("ade20k"),
                DatasetLayouts.forName("custom", Map.of("numClasses", "8")))) {
            String dataset = layout.name();
            org.gss.data.image.BadInputException e = assertThrows(org.gss.data.image.BadInputException.class,
                    () -> layout.labelMapping(dataset).apply(raw, "x_gtFine_labelIds.png"), dataset);
            assertTrue(e.getMessage().contains("label id 200"), e.getMessage());
            assertTrue(e.file().contains("x_gtFine_labelIds.png"), e.file());
        }
        org.gss.data.image.LabelMap lenient = DatasetLayouts.forName("cityscapes", Map.of("unknownIds", "ignore"))
                .labelMapping("cityscapes").apply(raw, "x.png");
        assertEquals(List.of(0, 255), List.of(lenient.at(0), lenient.at(1)), "road, and 200 mapped to ignore");
    }

    @Test
    void rejectsUnknownNamesKeysAndValues() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> DatasetLayouts.forName("coco"));
        assertTrue(name.getMessage().contains("[cityscapes, ade20k, mseg, custom]"), name.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> DatasetLayouts.forName("ade20k", Map.of("reduceZeroLable", false)));
        assertTrue(key.getMessage().contains("unknown option(s) [reduceZeroLable]"), key.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatasetLayouts.forName("ade20k", Map.of("unknownIds", "drop")));
        assertThrows(IllegalArgumentException.class, () -> DatasetLayouts.forName("ade20k",
                Map.of("reduceZeroLabel", "maybe")));
        assertThrows(IllegalArgumentException.class, () -> DatasetLayouts.forName("mseg"));
        assertThrows(IllegalArgumentException.class, () -> DatasetLayouts.forName("mseg", Map.of("domains", "mars-12")));
        assertThrows(IllegalArgumentException.class, () -> DatasetLayouts.forName("custom"));
    }

    @Test
    void msegPrefixFormFromNestedOptions() {
        // as a HOCON block would unwrap: domain { "sunrgbd-37" { dir = SUNRGBD, imageDir = "image/{split}", … } }
        Map<String, Object> sun = Map.of("dir", "SUNRGBD", "imageDir", "image/{split}", "imagePrefix", "img-",
                "imageSuffix", ".jpg", "labelDir", "semseg-label37/{split}", "labelPrefix", "00", "labelSuffix", ".png");
        DatasetLayout layout = DatasetLayouts.forName("mseg", Map.of("domains", List.of("sunrgbd-37"),
                "domain", Map.of("sunrgbd-37", sun)));
        List<SampleRef> test = layout.samples(SharedData.data("mseg/samples").toString(), "test", new Configuration());
        assertEquals(1, test.size());
        assertTrue(test.get(0).labelUri().endsWith("/SUNRGBD/semseg-label37/test/00000001.png"), test.get(0).labelUri());
        assertEquals(List.of(new MsegLayout.Domain("sunrgbd-37", "SUNRGBD", null, MsegLayout.Domain.sunRgbd(false,
                "SUNRGBD").pairing())), ((MsegLayout) layout).domains());
    }

    @Test
    void layoutsSurviveJavaSerializationAsSparkClosuresNeed() throws Exception {
        DatasetLayout layout = DatasetLayouts.forName("mseg", Map.of("domains", "sunrgbd-37", "domain.sunrgbd-37.dir",
                "SUNRGBD", "domain.sunrgbd-37.imageDir", "image/{split}", "domain.sunrgbd-37.imagePrefix", "img-",
                "domain.sunrgbd-37.imageSuffix", ".jpg", "domain.sunrgbd-37.labelDir", "semseg-label37/{split}",
                "domain.sunrgbd-37.labelPrefix", "00", "domain.sunrgbd-37.labelSuffix", ".png"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(layout);
        }
        DatasetLayout copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (DatasetLayout) in.readObject();
        }
        Configuration conf = new Configuration();
        SampleRef s = copy.samples(SharedData.data("mseg/samples").toString(), "train", conf).get(0);
        assertEquals(layout.labelMapping("sunrgbd-37"), copy.labelMapping("sunrgbd-37"));
        assertEquals(67, copy.readTrainingLabels(s, conf).get(365, 265));
        for (String name : List.of("cityscapes", "ade20k")) {
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(new java.io.ByteArrayOutputStream())) {
                out.writeObject(DatasetLayouts.forName(name));
            }
        }
    }
}
