package org.gss.data.layout;

import static org.gss.data.layout.Fixtures.histogram;
import static org.gss.data.layout.Fixtures.uri;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.label.MsegTaxonomy;
import org.gss.data.label.UnknownIdPolicy;
import org.gss.data.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MsegLayoutTest {
    private final Configuration conf = new Configuration();
    private final Path samples = SharedData.data("mseg/samples");
    private final Path sun = samples.resolve("SUNRGBD");
    private final MsegTaxonomy tax = MsegTaxonomy.get();

    @Test
    void sunRgbdPrefixFormPairsImgAnd00Names() {
        MsegLayout layout = new MsegLayout(List.of(MsegLayout.Domain.sunRgbd(false, "SUNRGBD")), UnknownIdPolicy.FAIL);
        List<SampleRef> train = layout.samples(samples.toString(), "train", conf);
        assertEquals(List.of(new SampleRef("sunrgbd-37", "train", "000001", uri(sun.resolve("image/train/img-000001.jpg")),
                uri(sun.resolve("semseg-label37/train/00000001.png")))), train);
        RgbImage img = layout.readImage(train.get(0), conf);
        assertEquals(730, img.width());
        assertEquals(530, img.height());

        LabelMap universal = layout.readTrainingLabels(train.get(0), conf);
        assertEquals(730, universal.width());
        assertEquals(530, universal.height());
        // raw sunrgbd-37 ids {0,1,2,4,6,7,8,10,15,25,34,36,255}: wall floor cabinet chair table door window picture
        // curtain paper lamp bag → universal wall=191 floor=43 cabinet=90 chair_other=57 table=67 door=80 window=192
        // painting=112 curtain_other=169 paper=129 light_other=81 bag=2
        assertArrayEquals(new int[] {2, 43, 57, 67, 80, 81, 90, 112, 129, 169, 191, 192, 255}, universal.distinctIds());
        Map<Integer, Long> h = histogram(universal);
        assertEquals(146246L, h.get(43));
        assertEquals(68214L, h.get(191));
        assertEquals(21054L, h.get(255));
        assertEquals(67, universal.get(365, 265)); // raw 6 (table)
        assertEquals(57, universal.get(100, 400)); // raw 4 (chair)
        assertEquals(43, universal.get(700, 500)); // raw 1 (floor)

        SampleRef test = layout.samples(samples.toString(), "test", conf).get(0);
        assertEquals("000001", test.id());
        // raw {0,1,3,16,17,18,21,31,34,255} = wall floor bed dresser pillow mirror ceiling night_stand lamp
        assertArrayEquals(new int[] {36, 43, 65, 66, 75, 81, 85, 171, 191, 255},
                layout.readTrainingLabels(test, conf).distinctIds());
    }

    @Test
    void pairListFormReadsImageLabelLinesRelativeToTheDatasetFolder(@TempDir Path dir) throws IOException {
        Fixtures.writeLines(dir.resolve("lists/sunrgbd-37/list/train.txt"),
                "image/train/img-000001.jpg semseg-label37/train/00000001.png");
        MsegLayout layout = new MsegLayout(List.of(new MsegLayout.Domain("sunrgbd-37", sun.toString(),
                dir + "/lists/{dataset}/list/{split}.txt", null)), UnknownIdPolicy.FAIL);
        List<SampleRef> train = layout.samples(dir.toString(), "train", conf);
        assertEquals(List.of(new SampleRef("sunrgbd-37", "train", "img-000001", uri(sun.resolve("image/train/img-000001.jpg")),
                uri(sun.resolve("semseg-label37/train/00000001.png")))), train);
        assertEquals(146246L, histogram(layout.readTrainingLabels(train.get(0), conf)).get(43));
    }

    /** The synthetic MSeg-style layout documented in {@link MsegLayout}, written by hand. */
    private static void writeSyntheticDomain(Path root, String domain, String split, Map<String, int[]> labels)
            throws IOException {
        StringBuilder list = new StringBuilder();
        for (Map.Entry<String, int[]> e : labels.entrySet()) {
            Fixtures.writeJpeg(root.resolve(domain + "/images/" + split + "/" + e.getKey() + ".jpg"), 4, 2);
            Fixtures.writeLabel(root.resolve(domain + "/labels/" + split + "/" + e.getKey() + ".png"), 4, e.getValue());
            list.append("images/").append(split).append('/').append(e.getKey()).append(".jpg labels/").append(split)
                    .append('/').append(e.getKey()).append(".png\n");
        }
        Fixtures.writeLines(root.resolve("dataset_lists/" + domain + "/list/" + split + ".txt"),
                list.toString().strip().split("\n"));
    }

    @Test
    void syntheticMsegStyleLayoutMapsTrainingDomainsToUniversalAndKeepsTestTaxonomies(@TempDir Path root)
            throws IOException {
        // cityscapes-19-relabeled ids: 4 car, 11 road, 1 bicyclist; sunrgbd-37-relabeled: 0 apparel, 1 armchair, 5 bed, 11 ceiling
        writeSyntheticDomain(root, "cityscapes-19-relabeled", "train", new java.util.TreeMap<>(Map.of(
                "b", new int[] {4, 4, 11, 11, 1, 255, 255, 4},
                "a", new int[] {11, 11, 11, 11, 11, 11, 11, 11})));
        writeSyntheticDomain(root, "sunrgbd-37-relabeled", "train", Map.of("c", new int[] {1, 5, 11, 255, 1, 5, 11, 0}));
        writeSyntheticDomain(root, "voc2012", "val", Map.of("v", new int[] {0, 15, 15, 255, 0, 7, 7, 0}));

        DatasetLayout train = DatasetLayouts.forName("mseg",
                Map.of("domains", List.of("sunrgbd-37-relabeled", "cityscapes-19-relabeled")));
        List<SampleRef> samples = train.samples(root.toString(), "train", conf);
        assertEquals(List.of("cityscapes-19-relabeled/a", "cityscapes-19-relabeled/b", "sunrgbd-37-relabeled/c"),
                samples.stream().map(s -> s.dataset() + "/" + s.id()).toList());
        assertEquals(new SampleRef("cityscapes-19-relabeled", "train", "b",
                uri(root.resolve("cityscapes-19-relabeled/images/train/b.jpg")),
                uri(root.resolve("cityscapes-19-relabeled/labels/train/b.png"))), samples.get(1));

        LabelMap b = train.readTrainingLabels(samples.get(1), conf);
        assertArrayEquals(new byte[] {(byte) 176, (byte) 176, 98, 98, 127, (byte) 255, (byte) 255, (byte) 176}, b.ids());
        LabelMap c = train.readTrainingLabels(samples.get(2), conf);
        int armchair = tax.universalId("armchair");
        int bed = tax.universalId("bed");
        int ceiling = tax.universalId("ceiling");
        int apparel = tax.universalId("apparel");
        assertEquals(List.of(58, 66, 36, 255, 58, 66, 36, 165), List.of(c.at(0), c.at(1), c.at(2), c.at(3), c.at(4),
                c.at(5), c.at(6), c.at(7)));
        assertEquals(List.of(58, 66, 36, 165), List.of(armchair, bed, ceiling, apparel));
        assertEquals(194, train.labelMapping("sunrgbd-37-relabeled").numTargetClasses());
        RgbImage img = train.readImage(samples.get(0), conf);
        assertEquals(4, img.width());
        assertEquals(2, img.height());

        DatasetLayout test = DatasetLayouts.forName("mseg", Map.of("domains", "voc2012"));
        SampleRef v = test.samples(root.toString(), "val", conf).get(0);
        assertArrayEquals(new int[] {0, 7, 15, 255}, test.readTrainingLabels(v, conf).distinctIds());
        assertEquals(21, test.labelMapping("voc2012").numTargetClasses());
        assertThrows(IllegalArgumentException.class, () -> test.labelMapping("sunrgbd-37-relabeled"));

        BadInputException noList = assertThrows(BadInputException.class,
                () -> test.samples(root.toString(), "train", conf));
        assertEquals(uri(root.resolve("dataset_lists/voc2012/list/train.txt")), noList.file());
    }

    @Test
    void badPairListsAndLabelsAreNamed(@TempDir Path root) throws IOException {
        writeSyntheticDomain(root, "sunrgbd-37-relabeled", "train", Map.of("c", new int[] {1, 5, 11, 48, 48, 5, 11, 0}));
        DatasetLayout layout = DatasetLayouts.forName("mseg", Map.of("domains", "sunrgbd-37-relabeled"));
        SampleRef c = layout.samples(root.toString(), "train", conf).get(0);
        // sunrgbd-37-relabeled has 48 classes (0..47): id 48 is outside its table
        BadInputException outside = assertThrows(BadInputException.class, () -> layout.readTrainingLabels(c, conf));
        assertEquals(c.labelUri(), outside.file());
        assertTrue(outside.getMessage().contains("label id 48 at (x=3, y=0) is not in the table "
                + "'sunrgbd-37-relabeled → universal' (2 of 8 pixels"), outside.getMessage());

        Path list = root.resolve("dataset_lists/sunrgbd-37-relabeled/list/train.txt");
        Fixtures.writeLines(list, "images/train/c.jpg labels/train/c.png", "images/train/d.jpg labels/train/d.png");
        Fixtures.writeJpeg(root.resolve("sunrgbd-37-relabeled/images/train/d.jpg"), 4, 2);
        BadInputException missing = assertThrows(BadInputException.class,
                () -> layout.samples(root.toString(), "train", conf));
        assertEquals(uri(root.resolve("sunrgbd-37-relabeled/images/train/d.jpg")), missing.file());
        assertTrue(missing.getMessage().contains("no label file"), missing.getMessage());
        SampleListing skipped = layout.list(root.toString(), "train", conf, BadInputPolicy.SKIP);
        assertEquals(List.of("c"), skipped.samples().stream().map(SampleRef::id).toList());
        assertEquals(List.of("d"), skipped.skipped().stream().map(Skipped::id).toList());

        Fixtures.writeLines(list, "images/train/c.jpg labels/train/c.png", "images/train/c.jpg");
        BadInputException malformed = assertThrows(BadInputException.class,
                () -> layout.samples(root.toString(), "train", conf));
        assertEquals(uri(list), malformed.file());
        assertTrue(malformed.getMessage().contains("line 2: expected '<image> <label>'"), malformed.getMessage());
    }
}
