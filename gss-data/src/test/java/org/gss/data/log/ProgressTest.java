package org.gss.data.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void durationsReadAsSecondsMinutesAndHours() {
        assertEquals("0.4s", Progress.duration(0.42));
        assertEquals("9.9s", Progress.duration(9.94));
        assertEquals("42s", Progress.duration(41.6));
        assertEquals("3m05s", Progress.duration(185.2));
        assertEquals("1h02m", Progress.duration(3725));
        assertEquals("?", Progress.duration(Double.NaN));
        assertEquals("ETA 1m00s", Progress.eta(59.7));
    }

    @Test
    void numbersAreRoundedToAFewSignificantDigits() {
        assertEquals("2.16", Progress.number(2.1569040036201477));
        assertEquals("0.235", Progress.number(0.23541));
        assertEquals("31.8", Progress.number(31.77));
        assertEquals("1234", Progress.number(1234.4));
        assertEquals("1.20e-04", Progress.number(1.2e-4));
        assertEquals("0", Progress.number(0));
        assertEquals("2.35 it/s", Progress.rate(2.3456, "it"));
    }

    @Test
    void aLineHasStageDoneTotalAndUnit() {
        assertEquals("token-cache build: 14/18 images", Progress.head("token-cache build", 14, 18, "images"));
    }
}
