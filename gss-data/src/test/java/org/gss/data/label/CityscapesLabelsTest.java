package org.gss.data.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.junit.jupiter.api.Test;

class CityscapesLabelsTest {
    private final CityscapesLabels labels = CityscapesLabels.official();

    @Test
    void parsesTheOfficialTable() {
        assertEquals(35, labels.labels().size());
        assertEquals(new CityscapesLabels.Label("license plate", -1, -1, "vehicle", 7, false, true, 0x00008E),
                labels.labels().get(34));
        assertEquals(List.of("road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign",
                "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle",
                "bicycle"), labels.trainClassNames());
        int[] colors = labels.trainColors();
        assertEquals(0x804080, colors[0]); // road 128,64,128
        assertEquals(0x4682B4, colors[10]); // sky 70,130,180
        assertEquals(0x770B20, colors[18]); // bicycle 119,11,32
    }

    @Test
    void mapsLabelIdsToTrainIds() {
        int[][] expected = {{0, 255}, {1, 255}, {6, 255}, {7, 0}, {8, 1}, {9, 255}, {11, 2}, {17, 5}, {18, 255},
                {23, 10}, {24, 11}, {26, 13}, {29, 255}, {31, 16}, {33, 18}, {34, 255}, {200, 255}, {255, 255}};
        LabelMapping m = labels.idToTrainId();
        for (int[] e : expected) {
            assertEquals(e[1], labels.trainId(e[0]), "id " + e[0]);
            assertEquals(e[1], m.map(e[0]), "id " + e[0]);
        }
        long trainIds = java.util.stream.IntStream.range(0, 256).map(m::lookup).filter(t -> t >= 0 && t < 19).count();
        assertEquals(19, trainIds);
    }

    @Test
    void strictPolicyRejectsIdsOutsideTheTable() {
        LabelMap raw = new LabelMap(2, 1, new byte[] {7, 40});
        assertEquals(255, labels.idToTrainId().apply(raw, "f.png").get(1, 0));
        BadInputException e = assertThrows(BadInputException.class,
                () -> labels.idToTrainId(UnknownIdPolicy.FAIL).apply(raw, "gtFine/val/x_gtFine_labelIds.png"));
        assertEquals("gtFine/val/x_gtFine_labelIds.png", e.file());
        assertEquals(true, e.getMessage().contains("label id 40 at (x=1, y=0)"), e.getMessage());
        assertEquals(true, e.getMessage().contains("defined ids: 0..33, 255"), e.getMessage());
    }
}
