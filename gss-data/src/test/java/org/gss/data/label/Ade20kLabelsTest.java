package org.gss.data.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.junit.jupiter.api.Test;

class Ade20kLabelsTest {
    private final Ade20kLabels ade = Ade20kLabels.get();

    @Test
    void namesAndColorsFollowObjectInfo150Order() {
        assertEquals(150, ade.classNames().size());
        assertEquals(List.of("wall", "building", "sky", "floor", "tree"), ade.classNames().subList(0, 5));
        assertEquals("flag", ade.classNames().get(149));
        assertEquals("person", ade.classNames().get(12));
        int[] c = ade.colors();
        assertEquals(150, c.length);
        assertEquals(0x787878, c[0]); // wall 120 120 120
        assertEquals(0xB47878, c[1]); // building 180 120 120
    }

    @Test
    void reduceZeroLabel() {
        LabelMapping m = ade.reduceZeroLabel();
        assertEquals(255, m.map(0));
        assertEquals(0, m.map(1));
        assertEquals(149, m.map(150));
        assertEquals(255, m.map(255));
        assertEquals(150, m.numTargetClasses());
        LabelMap raw = new LabelMap(2, 2, new byte[] {0, 1, (byte) 150, (byte) 151});
        BadInputException e = assertThrows(BadInputException.class, () -> m.apply(raw, "ADE_x.png"));
        assertTrue(e.getMessage().startsWith("ADE_x.png: label id 151 at (x=1, y=1)"), e.getMessage());
        LabelMap lenient = ade.reduceZeroLabel(UnknownIdPolicy.IGNORE).apply(raw, "ADE_x.png");
        assertEquals(List.of(255, 0, 149, 255), List.of(lenient.at(0), lenient.at(1), lenient.at(2), lenient.at(3)));
        assertEquals(151, ade.raw151(UnknownIdPolicy.FAIL).numTargetClasses());
    }
}
