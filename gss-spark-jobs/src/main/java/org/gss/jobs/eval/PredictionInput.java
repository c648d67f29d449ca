package org.gss.jobs.eval;

import java.util.function.Supplier;
import org.gss.data.image.RgbImage;

/**
 * One image to predict. The pixels are loaded on first use only, so predictors that do not look at the image (a
 * folder of prediction PNGs) cost no image decoding.
 *
 * @param domain the manifest's dataset name (MSeg domain); "" for a plain folder of images
 * @param id     the sample id within (domain, split), e.g. {@code frankfurt/frankfurt_000000_000294}
 * @param width  the image width (predictions must have this size)
 */
public final class PredictionInput {
    private final String domain;
    private final String split;
    private final String id;
    private final String imageUri;
    private final int width;
    private final int height;
    private final Supplier<RgbImage> loader;
    private RgbImage image;

    public PredictionInput(String domain, String split, String id, String imageUri, int width, int height,
            Supplier<RgbImage> loader) {
        this.domain = domain;
        this.split = split;
        this.id = id;
        this.imageUri = imageUri;
        this.width = width;
        this.height = height;
        this.loader = loader;
    }

    public String domain() {
        return domain;
    }

    public String split() {
        return split;
    }

    public String id() {
        return id;
    }

    public String imageUri() {
        return imageUri;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The decoded image (read once). */
    public RgbImage image() {
        if (image == null) {
            image = loader.get();
        }
        return image;
    }
}
