package org.gss.data.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.junit.jupiter.api.Test;

class LabelMappingTest {
    private static final List<String> ABC = List.of("a", "b", "c");

    @Test
    void tableEntriesAreTargetsIgnoreOrUndefinedAnd255StaysIgnore() {
        LabelMapping m = LabelMapping.of("t", new int[] {2, 255, 0}, ABC, UnknownIdPolicy.FAIL);
        assertEquals(2, m.lookup(0));
        assertEquals(255, m.lookup(1));
        assertEquals(0, m.lookup(2));
        assertEquals(LabelMapping.UNDEFINED, m.lookup(3));
        assertEquals(255, m.lookup(255));
        assertFalse(m.isDefined(200));
        assertEquals(255, m.withUnknownIds(UnknownIdPolicy.IGNORE).map(200));
        assertThrows(IllegalArgumentException.class, () -> m.map(200));
        assertEquals("0..2, 255", m.definedIdsSummary());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelMapping.of("bad", new int[] {3}, ABC, UnknownIdPolicy.FAIL));
        assertTrue(e.getMessage().contains("raw id 0 maps to 3"), e.getMessage());
    }

    @Test
    void applyMapsEveryPixelOrRejectsTheFileNamingIt() {
        LabelMap raw = new LabelMap(3, 2, new byte[] {0, 1, 2, 2, (byte) 255, 7});
        LabelMapping strict = LabelMapping.of("t", new int[] {2, 255, 0}, ABC, UnknownIdPolicy.FAIL);
        BadInputException e = assertThrows(BadInputException.class, () -> strict.apply(raw, "hdfs://nn/x/y.png"));
        assertEquals("hdfs://nn/x/y.png", e.file());
        assertTrue(e.getMessage().startsWith("hdfs://nn/x/y.png: label id 7 at (x=2, y=1) is not in the table 't'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("1 of 6 pixels"), e.getMessage());

        LabelMap out = strict.withUnknownIds(UnknownIdPolicy.IGNORE).apply(raw, "y.png");
        assertArrayEquals(new byte[] {2, (byte) 255, 0, 0, (byte) 255, (byte) 255}, out.ids());
        assertEquals(0, raw.at(0), "input untouched");
    }

    @Test
    void identityAndChaining() {
        LabelMapping id = LabelMapping.identity("abc", ABC, UnknownIdPolicy.FAIL);
        assertEquals(1, id.map(1));
        assertFalse(id.isDefined(3));
        LabelMapping first = LabelMapping.of("f", new int[] {1, 0, 255, 2}, ABC, UnknownIdPolicy.FAIL);
        LabelMapping second = LabelMapping.of("s", new int[] {255, 1, 0}, List.of("x", "y"), UnknownIdPolicy.FAIL);
        LabelMapping both = first.andThen(second);
        assertEquals("f → s", both.name());
        assertEquals(List.of("x", "y"), both.targetClasses());
        assertEquals(1, both.lookup(0));
        assertEquals(255, both.lookup(1));
        assertEquals(255, both.lookup(2));
        assertEquals(0, both.lookup(3));
        assertEquals(LabelMapping.UNDEFINED, both.lookup(4));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        LabelMapping m = CityscapesLabels.official().idToTrainId();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(m, in.readObject());
        }
    }
}
