package org.gss.data.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void durationsReadAsSecondsMinutesAndHours() {
        assertEquals("0.4s", ProgressLine.duration(0.42));
        assertEquals("9.9s", ProgressLine.duration(9.94));
        assertEquals("42s", ProgressLine.duration(41.6));
        assertEquals("3m05s", ProgressLine.duration(185.2));
        assertEquals("1h02m", ProgressLine.duration(3725));
        assertEquals("?", ProgressLine.duration(Double.NaN));
        assertEquals("ETA 1m00s", ProgressLine.eta(59.7));
    }

    @Test
    void numbersAreRoundedToAFewSignificantDigits() {
        assertEquals("2.16", ProgressLine.number(2.1569040036201477));
        assertEquals("0.235", ProgressLine.number(0.23541));
        assertEquals("31.8", ProgressLine.number(31.77));
        assertEquals("1234", ProgressLine.number(1234.4));
        assertEquals("1.20e-04", ProgressLine.number(1.2e-4));
        assertEquals("0", ProgressLine.number(0));
        assertEquals("2.35 it/s", ProgressLine.rate(2.3456, "it"));
    }

    @Test
    void aLineHasStageDoneTotalAndUnit() {
        assertEquals("token-cache build: 14/18 images", ProgressLine.head("token-cache build", 14, 18, "images"));
    }
}
