package org.gss.data.synth;

import java.util.SplittableRandom;

/**
 * The look of one domain (camera, weather, dataset): colour cast (per-channel gains), brightness offset, contrast
 * around mid-grey, pixel-noise level and texture scale, plus mild shifts of the label statistics (horizon height,
 * number of objects). Cross-domain evaluation on synthetic data means something only because these differ.
 *
 * @param gainRed        multiplier of the red channel (colour cast)
 * @param brightness     offset added after contrast, in 0..255 units
 * @param contrast       factor applied around 128
 * @param noiseSigma     standard deviation of per-pixel noise, in 0..255 units
 * @param textureScale   multiplies every class's texture period (coarser or finer textures)
 * @param horizonShift   added to the horizon's relative height (positive: lower horizon, more sky)
 * @param objectDensity  multiplies the number of objects, poles and structures per scene
 */
public record DomainStyle(double gainRed, double gainGreen, double gainBlue, double brightness, double contrast,
        double noiseSigma, double textureScale, double horizonShift, double objectDensity) {

    /** No cast, no offset, unit contrast, light noise: the Cityscapes and ADE20K layouts use this. */
    public static final DomainStyle NEUTRAL = new DomainStyle(1, 1, 1, 0, 1, 8, 1, 0, 1);

    /** Warm, dark, low-contrast and noisy, with coarse textures (a dusk camera). */
    public static final DomainStyle DUSK = new DomainStyle(1.18, 0.92, 0.68, -38, 0.8, 11, 1.8, -0.06, 0.8);

    /** Cool, bright, washed-out and clean, with fine textures (fog or an overexposed camera). */
    public static final DomainStyle FOG = new DomainStyle(0.86, 0.98, 1.16, 42, 0.62, 2.5, 0.6, 0.05, 1.3);

    public DomainStyle {
        if (gainRed <= 0 || gainGreen <= 0 || gainBlue <= 0 || contrast <= 0 || noiseSigma < 0 || textureScale <= 0
                || objectDensity <= 0) {
            throw new IllegalArgumentException("invalid domain style " + this);
        }
    }

    /**
     * Style of the i-th domain of a multi-domain dataset: 0 neutral, 1 dusk, 2 fog, and for i ≥ 3 a style drawn
     * from i alone (so the same index always looks the same).
     */
    public static DomainStyle forIndex(int index) {
        return switch (index) {
            case 0 -> NEUTRAL;
            case 1 -> DUSK;
            case 2 -> FOG;
            default -> drawn(index);
        };
    }

    private static DomainStyle drawn(int index) {
        SplittableRandom r = new SplittableRandom(Seeds.derive(0xD0A1L, index));
        return new DomainStyle(0.75 + 0.5 * r.nextDouble(), 0.75 + 0.5 * r.nextDouble(), 0.75 + 0.5 * r.nextDouble(),
                -40 + 80 * r.nextDouble(), 0.6 + 0.7 * r.nextDouble(), 2 + 10 * r.nextDouble(),
                0.5 + 1.5 * r.nextDouble(), -0.06 + 0.12 * r.nextDouble(), 0.7 + 0.7 * r.nextDouble());
    }

    double gain(int channel) {
        return channel == 0 ? gainRed : channel == 1 ? gainGreen : gainBlue;
    }
}
