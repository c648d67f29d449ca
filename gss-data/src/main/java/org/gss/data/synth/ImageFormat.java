package org.gss.data.synth;

import java.util.Locale;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.RgbImage;

/** How synthetic images are encoded. JPEG uses the codec's fixed default quality, so output stays byte-stable. */
public enum ImageFormat {
    PNG("png"),
    JPEG("jpg");

    private final String extension;

    ImageFormat(String extension) {
        this.extension = extension;
    }

    /** File extension without the dot. */
    public String extension() {
        return extension;
    }

    public byte[] encode(RgbImage image) {
        return this == PNG ? ImageCodec.encodePng(image) : ImageCodec.encodeJpeg(image);
    }

    public static ImageFormat parse(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "png" -> PNG;
            case "jpg", "jpeg" -> JPEG;
            default -> throw new IllegalArgumentException("unknown image format '" + name + "', expected png or jpeg");
        };
    }
}
