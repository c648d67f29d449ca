package org.gss.tokenizer.ft;

import java.io.Serializable;

import org.gss.config.GssConfig;
import org.gss.config.Settings;

/**
 * How to train the FT inverse.
 *
 * @param iterations Adam steps
 * @param batch      crops per step
 * @param crop       side of the square crops of decoded maskiges
 * @param lr         peak learning rate (warm-up 5%, cosine decay to 5%)
 * @param noise      σ of the Gaussian noise added to the decoded maskige, on the 0..255 scale (robustness, D(iii))
 */
public record FtTrainingSettings(int iterations, int batch, int crop, double lr, double noise) implements Serializable {
    public FtTrainingSettings {
        if (iterations < 1 || batch < 1 || crop < 3 || !(lr > 0) || !(noise >= 0)) {
            throw new IllegalArgumentException("invalid FT inverse training settings " + this);
        }
    }

    /**
     * From {@code gss.tokenizer.train}: inverse-iterations, batch, crop, inverse-lr, inverse-noise (the FT inverse is
     * trained by gss tokenizer train right after the tokenizer, on the same crops' sizes).
     */
    public static FtTrainingSettings from(GssConfig cfg) {
        Settings t = Settings.of(cfg, "gss.tokenizer.train");
        return new FtTrainingSettings(t.intIn("inverse-iterations", 1, 10_000_000), t.intIn("batch", 1, 4096),
                t.intIn("crop", 3, 4096), t.doubleIn("inverse-lr", 1e-7, 1.0), t.doubleIn("inverse-noise", 0, 255));
    }

    public FtTrainingSettings withIterations(int n) {
        return new FtTrainingSettings(n, batch, crop, lr, noise);
    }

    public FtTrainingSettings withNoise(double sigma) {
        return new FtTrainingSettings(iterations, batch, crop, lr, sigma);
    }
}
