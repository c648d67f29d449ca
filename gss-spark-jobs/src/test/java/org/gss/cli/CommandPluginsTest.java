package org.gss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The production module runs without gss-bench: no bench command, and its token-cache spelling says what is missing. */
class CommandPluginsTest {
    @Test
    void withoutGssBenchThereIsNoBenchCommand() {
        assertTrue(Commands.all().find("bench").isEmpty());
        assertTrue(Commands.plugins().isEmpty());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"token-cache", "bench"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.USAGE, code, text);
        assertTrue(text.contains("needs the gss-bench module on the classpath"), text);
        assertFalse(Commands.all().overview().contains("  bench "));
    }
}
