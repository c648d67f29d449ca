package org.gss.tokenizer.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.gss.config.ConfigError;
import org.gss.config.GssConfig;
import org.junit.jupiter.api.Test;

class VqTrainingSettingsTest {
    private static VqTrainingSettings load(String... sets) {
        return VqTrainingSettings.from(GssConfig.load(Optional.empty(), List.of(sets)));
    }

    @Test
    void readsTheTokenizerBlockAndItsTrainBlock() {
        VqTrainingSettings s = load("gss.tokenizer.codebook-size=128", "gss.tokenizer.hidden=16",
                "gss.tokenizer.embedding-dim=24", "gss.tokenizer.train.iterations=40", "gss.tokenizer.train.crop=48",
                "gss.tokenizer.train.class-balance=0.25");
        assertEquals(new VqConfig(16, 1, 128, 24), s.model());
        assertEquals(40, s.iterations());
        assertEquals(48, s.crop());
        assertEquals(0.25, s.classBalance());
        assertEquals(0.25, s.commitment());
    }

    @Test
    void settingsSurviveJavaSerialization() throws Exception {
        VqTrainingSettings s = load("gss.tokenizer.hidden=8");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(s, in.readObject());
        }
    }

    @Test
    void rejectsCropsOffTheTokenGridAndWidthsTheResidualPathCannotSplit() {
        ConfigError e = assertThrows(ConfigError.class, () -> load("gss.tokenizer.train.crop=60"));
        assertTrue(e.getMessage().contains("gss.tokenizer.train.crop"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> load("gss.tokenizer.hidden=18"));
        assertTrue(e.getMessage().contains("gss.tokenizer.hidden"), e.getMessage());
    }

    @Test
    void classWeightsLiftRareClassesAndAverageOneOverPixels() {
        long[] counts = {9000, 900, 90, 10};
        float[] w = ClassWeights.fromCounts(counts, 10_000, 0.5);
        assertTrue(w[0] < w[1] && w[1] < w[2] && w[2] < w[3], java.util.Arrays.toString(w));
        double mean = 0;
        for (int c = 0; c < 4; c++) {
            mean += counts[c] / 10_000.0 * w[c];
        }
        assertEquals(1.0, mean, 0.05); // clipping at 8 may move it slightly
        assertArrayEquals(new float[] {1, 1, 1, 1}, ClassWeights.of(() -> null, 4, 0));
    }
}
