package org.gss.jobs.eval;

import java.io.Serializable;
import java.util.Locale;
import org.gss.config.Settings;

/**
 * How a model predicts one image (paper: Cityscapes sliding window 768×768 stride 512; ADE20K and MSeg whole image with
 * the short side resized to 512). A {@link PredictorFactory} that runs a model honours it; prediction PNGs are taken
 * as they are and ignore it.
 */
public record InferenceSettings(Mode mode, int crop, int stride, int shortSide) implements Serializable {
    public enum Mode {
        /** Resize so the short side is {@code shortSide} (keeping the ratio), predict once, resize back. */
        WHOLE,
        /** Windows of crop×crop every stride pixels over the image at its own size; overlapping scores averaged. */
        SLIDE
    }

    public InferenceSettings {
        if (crop < 8 || stride < 1 || stride > crop || shortSide < 8) {
            throw new IllegalArgumentException("inference: need crop >= 8, 1 <= stride <= crop, short-side >= 8; got"
                    + " crop " + crop + ", stride " + stride + ", short-side " + shortSide);
        }
    }

    /** Reads {@code mode}, {@code crop}, {@code stride}, {@code short-side} of a settings block. */
    public static InferenceSettings from(Settings s) {
        Mode mode = Mode.valueOf(s.oneOf("mode", "whole", "slide").toUpperCase(Locale.ROOT));
        int crop = s.intIn("crop", 8, 8192);
        int stride = s.intIn("stride", 1, 8192);
        if (stride > crop) {
            throw s.error("stride", "is " + stride + ", larger than crop " + crop + " (windows would leave gaps)", null);
        }
        return new InferenceSettings(mode, crop, stride, s.intIn("short-side", 8, 8192));
    }

    /** E.g. {@code slide 768x768 stride 512} or {@code whole, short side 512}. */
    public String describe() {
        return mode == Mode.SLIDE ? "slide " + crop + "x" + crop + " stride " + stride : "whole, short side " + shortSide;
    }
}
