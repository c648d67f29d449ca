package org.gss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SameDiffStdoutTest {
    @Test
    void dropsOnlySameDiffGradientNoise() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            SameDiffStdout.install();
            SameDiffStdout.install();
            System.out.println("Added differentiated op relu");
            System.out.println("train: iteration 5/120");
            System.out.println((String) null);
            System.out.print("Added differentiated op kept when not a whole println\n");
        } finally {
            System.setOut(saved);
        }
        assertEquals("train: iteration 5/120\nnull\nAdded differentiated op kept when not a whole println\n",
                bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
