package org.gss.data.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MsegTaxonomyTest {
    private final MsegTaxonomy tax = MsegTaxonomy.get();

    @Test
    void universalTaxonomyHas194ClassesAndUnlabeledIs255() {
        List<String> u = tax.universalClasses();
        assertEquals(194, u.size());
        assertEquals("backpack", u.get(0));
        assertEquals("window_blind", u.get(193));
        assertEquals(176, tax.universalId("car"));
        assertEquals(255, tax.universalId("unlabeled"));
        assertThrows(IllegalArgumentException.class, () -> tax.universalId("spaceship"));
        assertEquals(18, tax.trainingColumns().size());
    }

    @Test
    void cityscapesRelabeledClassesMapToTheUniversalClassOfTheSameName() {
        LabelMapping m = tax.toUniversal("cityscapes-19-relabeled");
        List<String> classes = tax.datasetClasses("cityscapes-19-relabeled");
        assertEquals(21, classes.size());
        for (int id = 0; id < classes.size(); id++) {
            assertEquals(tax.universalId(classes.get(id)), m.map(id), classes.get(id));
        }
        assertEquals(176, m.map(4)); // car
        assertEquals(127, m.map(1)); // bicyclist
        assertEquals(98, m.map(11)); // road
        assertEquals(255, m.map(255));
        assertTrue(!m.isDefined(21));
    }

    @Test
    void sunRgbdRawIdsMapToUniversal() {
        LabelMapping m = tax.toUniversal("sunrgbd-37");
        int[][] expected = {{0, 191}, {1, 43}, {3, 66}, {4, 57}, {6, 67}, {10, 112}, {16, 75}, {21, 36}, {31, 65},
                {34, 81}, {36, 2}, {255, 255}};
        for (int[] e : expected) {
            assertEquals(e[1], m.map(e[0]), "sunrgbd-37 id " + e[0]);
        }
        // raw → relabeled by name (sunrgbd-37_to_sunrgbd-37-relabeled.tsv) → universal agrees with the direct column
        LabelMapping viaRelabeled = tax.remapByName("sunrgbd-37", "sunrgbd-37-relabeled", UnknownIdPolicy.FAIL)
                .andThen(tax.toUniversal("sunrgbd-37-relabeled"));
        assertEquals(Arrays.toString(m.table()), Arrays.toString(viaRelabeled.table()));
        // sunrgbd-38 (0 = unlabeled) reaches universal through sunrgbd-38_to_sunrgbd-37
        LabelMapping raw38 = tax.toUniversal("sunrgbd-38");
        assertEquals(255, raw38.map(0));
        assertEquals(191, raw38.map(1));
    }

    @Test
    void rawAde20kReachesUniversalThroughTheNameTables() {
        LabelMapping m = tax.toUniversal("ade20k-151");
        int[][] expected = {{0, 255}, {1, 191}, {4, 43}, {5, 174}, {13, 125}, {18, 255}, {44, 255}, {126, 64},
                {139, 63}, {150, 167}};
        for (int[] e : expected) {
            assertEquals(e[1], m.map(e[0]), "ade20k-151 id " + e[0]);
        }
        // 9 ADE classes (plant, signboard, …) are unlabeled in MSeg
        long unlabeled = java.util.stream.IntStream.rangeClosed(1, 150).filter(k -> m.map(k) == 255).count();
        assertEquals(9, unlabeled);
    }

    @Test
    void everyTrainingDatasetMapsEveryClass() {
        for (String d : MsegTaxonomy.TRAINING_DATASETS) {
            LabelMapping m = tax.toUniversal(d);
            for (int id = 0; id < tax.datasetClasses(d).size(); id++) {
                assertTrue(m.isDefined(id), d + " id " + id);
            }
        }
        assertEquals(155, tax.datasetClasses("coco-panoptic-133-relabeled").size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tax.toUniversal("voc2012"));
        assertTrue(e.getMessage().contains("test taxonomy"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tax.toUniversal("nyudepthv2-37"));
    }

    @Test
    void universalPredictionsMapIntoTestTaxonomies() {
        int[] voc = tax.universalToTest("voc2012");
        assertEquals(194, voc.length);
        assertEquals(7, voc[tax.universalId("car")]);
        assertEquals(15, voc[tax.universalId("person")]);
        assertEquals(15, voc[tax.universalId("bicyclist")]);
        assertEquals(0, voc[tax.universalId("sky")]); // background
        assertEquals(9, voc[tax.universalId("armchair")]); // chair
        assertTrue(Arrays.stream(voc).allMatch(t -> t != 255), "voc2012 background takes every other class");

        int[] camvid = tax.universalToTest("camvid-11");
        assertEquals(10, camvid[tax.universalId("bicycle")]); // Bicyclist
        assertEquals(10, camvid[tax.universalId("bicyclist")]);
        assertEquals(255, camvid[tax.universalId("backpack")]);
        assertEquals(12, Arrays.stream(camvid).filter(t -> t != 255).count());

        int[] kitti = tax.universalToTest("kitti-19");
        assertEquals(12, kitti[tax.universalId("motorcyclist")]); // rider
        assertEquals(5, kitti[tax.universalId("streetlight")]); // pole
        assertEquals(13, kitti[tax.universalId("car")]);

        assertEquals(255, tax.universalToTest("scannet-20")[tax.universalId("car")]);
        int[] pc = tax.universalToTest("pascal-context-60");
        Set<Integer> reached = new TreeSet<>();
        Arrays.stream(pc).forEach(reached::add);
        assertEquals(58, reached.size(), "flower and wood have no universal class");

        LabelMapping m = tax.universalToTestMapping("wilddash-19");
        assertEquals(19, m.numTargetClasses());
        assertEquals(17, m.map(tax.universalId("autorickshaw"))); // motorcycle
        assertEquals(255, m.map(255));
        assertThrows(IllegalArgumentException.class, () -> tax.universalToTest("cityscapes-19"));
    }

    @Test
    void layoutMappingKeepsTestDatasetsInTheirOwnTaxonomy() {
        LabelMapping voc = tax.labelMapping("voc2012", UnknownIdPolicy.FAIL);
        assertEquals(21, voc.numTargetClasses());
        assertEquals(20, voc.map(20));
        assertTrue(!voc.isDefined(21));
        LabelMapping camvid32 = tax.labelMapping("camvid-32", UnknownIdPolicy.FAIL);
        assertEquals(List.of(255, 10, 255, 0, 3), List.of(camvid32.map(0), camvid32.map(2), camvid32.map(3),
                camvid32.map(4), camvid32.map(5)));
        assertEquals(176, tax.labelMapping("cityscapes-19-relabeled", UnknownIdPolicy.FAIL).map(4));
    }

    @Test
    void everyShippedRemapTableResolvesAllNames() {
        int mapped = 0;
        for (String table : MsegTaxonomy.REMAP_TABLES) {
            String[] ft = table.split("_to_");
            LabelMapping m = tax.remapByName(ft[0], ft[1], UnknownIdPolicy.FAIL);
            for (int id = 0; id < tax.datasetClasses(ft[0]).size(); id++) {
                mapped += m.isDefined(id) ? 1 : 0;
            }
        }
        // every source class of the 18 tables is mapped (to a class or 255), except 67 of coco-panoptic-201's 201
        assertEquals(1100, mapped);
        assertEquals(2, tax.remapByName("cityscapes-34", "cityscapes-19", UnknownIdPolicy.FAIL).map(11)); // building
        assertEquals(255, tax.remapByName("cityscapes-34", "cityscapes-19", UnknownIdPolicy.FAIL).map(9)); // parking
        for (String t : MsegTaxonomy.TEST_DATASETS) {
            assertEquals(194, tax.universalToTest(t).length, t);
        }
    }

    @Test
    void parsesBraceCells() {
        assertEquals(List.of("computer", "signboard", "canopy", "plant"),
                MsegTaxonomy.parseCell("{computer, signboard, canopy,plant}"));
        assertEquals(List.of("bag"), MsegTaxonomy.parseCell(" bag "));
        assertEquals(List.of(), MsegTaxonomy.parseCell(""));
    }
}
