package org.gss.tokenizer.vq;

import java.io.Serializable;

import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.view.TokenGrid;

/**
 * How to train the VQ tokenizer: the model shape and the {@code gss.tokenizer.train} block, validated.
 *
 * @param model        encoder/decoder/codebook shape
 * @param iterations   Adam steps
 * @param batch        crops per step
 * @param lr           peak learning rate (linear warm-up over the first 5% of steps, cosine decay to 5% of it)
 * @param crop         side of the square random crops (multiple of 8); maps smaller than this are padded with ignore
 * @param commitment   β of the commitment loss ‖z_e − sg(z_q)‖²
 * @param emaDecay     decay of the codebook's exponential moving averages
 * @param classBalance exponent p of the class weights (1/frequency)^p of the reconstruction losses: 0 weighs every
 *                     pixel alike; 0.5 lifts small classes (poles, objects), which mIoU counts as much as large ones
 * @param inverseNoise σ (0..255 scale) of the Gaussian noise added when the FT inverse is trained on decoded maskiges
 * @param logEvery     progress report period in steps
 */
public record VqTrainingSettings(VqConfig model, int iterations, int batch, double lr, int crop, double commitment,
        double emaDecay, double classBalance, double inverseNoise, int logEvery) implements Serializable {

    public VqTrainingSettings {
        if (iterations < 1 || batch < 1 || !(lr > 0) || crop < 8 || crop % 8 != 0 || !(commitment >= 0)
                || !(emaDecay > 0 && emaDecay < 1) || !(classBalance >= 0 && classBalance <= 1)
                || !(inverseNoise >= 0) || logEvery < 1) {
            throw new IllegalArgumentException("invalid VQ training settings " + this);
        }
    }

    /** Reads {@code gss.tokenizer} (codebook-size, hidden, blocks-per-group, embedding-dim) and its train block. */
    public static VqTrainingSettings from(GssConfig cfg) {
        Settings s = Settings.of(cfg, "gss.tokenizer");
        Settings t = s.child("train");
        int crop = TokenGrid.of(cfg).readCrop(t, "crop", 4096);
        int hidden = s.intIn("hidden", 4, 4096);
        if (hidden % 4 != 0) {
            throw s.error("hidden", "must be a multiple of 4 for the own tokenizer, got " + hidden, null);
        }
        VqConfig model = new VqConfig(hidden, s.intIn("blocks-per-group", 1, 16), s.intIn("codebook-size", 2, 65_536),
                s.intIn("embedding-dim", 1, 1024));
        return new VqTrainingSettings(model, t.intIn("iterations", 1, 10_000_000), t.intIn("batch", 1, 4096),
                t.doubleIn("lr", 1e-7, 1.0), crop, t.doubleIn("commitment", 0, 100),
                t.doubleIn("ema-decay", 0.5, 0.99999), t.doubleIn("class-balance", 0, 1),
                t.doubleIn("inverse-noise", 0, 255), t.intIn("log-every", 1, 1_000_000));
    }

    public VqTrainingSettings withIterations(int n) {
        return new VqTrainingSettings(model, n, batch, lr, crop, commitment, emaDecay, classBalance, inverseNoise,
                logEvery);
    }

    public VqTrainingSettings withModel(VqConfig m) {
        return new VqTrainingSettings(m, iterations, batch, lr, crop, commitment, emaDecay, classBalance, inverseNoise,
                logEvery);
    }

    public VqTrainingSettings withBatchAndCrop(int b, int c) {
        return new VqTrainingSettings(model, iterations, b, lr, c, commitment, emaDecay, classBalance, inverseNoise,
                logEvery);
    }

    public VqTrainingSettings withClassBalance(double p) {
        return new VqTrainingSettings(model, iterations, batch, lr, crop, commitment, emaDecay, p, inverseNoise,
                logEvery);
    }

    public VqTrainingSettings withLr(double r) {
        return new VqTrainingSettings(model, iterations, batch, r, crop, commitment, emaDecay, classBalance,
                inverseNoise, logEvery);
    }
}
