package org.gss.data.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.gss.config.ConfigError;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.junit.jupiter.api.Test;

/** The token grid: 1/8 today (every tokenizer and the encoder), sizes and crops measured in whole tokens. */
class TokenGridTest {
    @Test
    void theConfiguredGridIsEightPixelsPerToken() {
        assertEquals(8, TokenGrid.of(GssConfig.defaults()).size());
        assertEquals(TokenGrid.DEFAULT, TokenGrid.of(GssConfig.defaults()));
    }

    @Test
    void cellsRoundingAndGeometry() {
        TokenGrid g = new TokenGrid(4);
        assertEquals(3, g.cells(12));
        assertEquals(16, g.roundUp(13));
        assertEquals(12, g.roundUp(12));
        assertTrue(g.aligned(12));
        assertFalse(g.aligned(10));
        assertEquals(4, g.geometry(64, 32).tokenSize());
    }

    @Test
    void aCropMustBeAWholeNumberOfTokens() {
        Settings s = new Settings(ConfigFactory.parseString("crop = 12"), "gss.train");
        ConfigError e = assertThrows(ConfigError.class, () -> TokenGrid.DEFAULT.readCrop(s, "crop", 4096));
        assertTrue(e.getMessage().contains("gss.train.crop") && e.getMessage().contains("multiple of 8"),
                e.getMessage());
        assertEquals(12, new TokenGrid(4).readCrop(s, "crop", 4096));
    }
}
