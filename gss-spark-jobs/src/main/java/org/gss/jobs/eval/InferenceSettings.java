package org.gss.jobs.eval;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.gss.config.Settings;

/**
 * How a model predicts one image, as the reference test pipelines: an optional keep-ratio resize first (mmseg
 * {@code Resize(img_scale=(long, short), keep_ratio=True)}: scale = min(long / long side, short / short side)), then
 * one pass over the whole image or sliding windows. Paper settings: Cityscapes slide 768×768 stride 512 on the
 * 2048×1024 image; ADE20K whole, short side 512; MSeg resize to (2048, 512), then slide 768/512. A
 * {@link PredictorFactory} that runs a model honours it; prediction PNGs are taken as they are and ignore it.
 *
 * @param resizeLong  keep-ratio resize bound of the long side; 0 (with resizeShort 0) = no resize
 * @param resizeShort keep-ratio resize bound of the short side
 */
public record InferenceSettings(Mode mode, int crop, int stride, int shortSide, int resizeLong, int resizeShort)
        implements Serializable {
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
        if ((resizeLong == 0) != (resizeShort == 0) || resizeLong < 0 || resizeShort < 0
                || resizeLong < resizeShort) {
            throw new IllegalArgumentException("inference: resize must be [] or [long side, short side] with"
                    + " long >= short > 0; got [" + resizeLong + ", " + resizeShort + "]");
        }
    }

    /** Without a resize step. */
    public InferenceSettings(Mode mode, int crop, int stride, int shortSide) {
        this(mode, crop, stride, shortSide, 0, 0);
    }

    /** Reads {@code mode}, {@code crop}, {@code stride}, {@code short-side}, {@code resize} of a settings block. */
    public static InferenceSettings from(Settings s) {
        Mode mode = Mode.valueOf(s.oneOf("mode", "whole", "slide").toUpperCase(Locale.ROOT));
        int crop = s.intIn("crop", 8, 8192);
        int stride = s.intIn("stride", 1, 8192);
        if (stride > crop) {
            throw s.error("stride", "is " + stride + ", larger than crop " + crop + " (windows would leave gaps)", null);
        }
        List<Integer> resize = s.ints("resize");
        if (!resize.isEmpty() && (resize.size() != 2 || resize.get(1) < 8 || resize.get(0) < resize.get(1))) {
            throw s.error("resize", "expected [] or [long side, short side] with long >= short >= 8, e.g. [2048, 512];"
                    + " got " + resize, null);
        }
        return new InferenceSettings(mode, crop, stride, s.intIn("short-side", 8, 8192),
                resize.isEmpty() ? 0 : resize.get(0), resize.isEmpty() ? 0 : resize.get(1));
    }

    public boolean resizes() {
        return resizeLong > 0;
    }

    /**
     * The size a {@code width × height} image is resized to before inference: mmseg's keep-ratio rescale into
     * (resizeLong, resizeShort), rounded half up; the image's own size when there is no resize step.
     */
    public int[] resizedSize(int width, int height) {
        if (!resizes()) {
            return new int[] {width, height};
        }
        double scale = Math.min((double) resizeLong / Math.max(width, height),
                (double) resizeShort / Math.min(width, height));
        return new int[] {Math.max(1, (int) (width * scale + 0.5)), Math.max(1, (int) (height * scale + 0.5))};
    }

    /**
     * E.g. {@code slide 768x768 stride 512}, {@code resize (2048, 512), slide 768x768 stride 512},
     * {@code whole, short side 512}.
     */
    public String describe() {
        String pass = mode == Mode.SLIDE ? "slide " + crop + "x" + crop + " stride " + stride
                : resizes() ? "whole" : "whole, short side " + shortSide;
        return resizes() ? "resize (" + resizeLong + ", " + resizeShort + "), " + pass : pass;
    }
}
