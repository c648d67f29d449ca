package org.gss.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * PNG/JPEG decoding and PNG encoding from and to bytes, through javax.imageio (PNG) and TwelveMonkeys (JPEG, registered
 * as an ImageIO plugin). Labels are read from the raw raster (band 0, or the palette index for indexed PNGs), never
 * through a colour conversion, so ids stay integer-exact. The {@code name} arguments only label errors.
 */
public final class ImageCodec {
    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    private ImageCodec() {
    }

    public static RgbImage decodeRgb(byte[] bytes, String name) {
        BufferedImage img = read(bytes, name);
        int w = img.getWidth();
        int h = img.getHeight();
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        byte[] out = new byte[w * h * 3];
        boolean indexed = img.getColorModel() instanceof java.awt.image.IndexColorModel;
        if (!indexed && (bands == 3 || bands == 4) && r.getSampleModel().getSampleSize(0) == 8) {
            int[] row = new int[w * bands];
            for (int y = 0; y < h; y++) {
                r.getPixels(0, y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    out[o] = (byte) row[x * bands];
                    out[o + 1] = (byte) row[x * bands + 1];
                    out[o + 2] = (byte) row[x * bands + 2];
                }
            }
        } else if (!indexed && bands == 1 && r.getSampleModel().getSampleSize(0) == 8) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    out[o] = out[o + 1] = out[o + 2] = (byte) row[x];
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = img.getRGB(x, y);
                    int o = (y * w + x) * 3;
                    out[o] = (byte) (argb >> 16);
                    out[o + 1] = (byte) (argb >> 8);
                    out[o + 2] = (byte) argb;
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Decodes a single-channel 8-bit label PNG (grey or palette-indexed) exactly. */
    public static LabelMap decodeLabel(byte[] bytes, String name) {
        BufferedImage img = read(bytes, name);
        Raster r = img.getRaster();
        if (r.getNumBands() != 1) {
            throw new BadInputException(name, "label image has " + r.getNumBands() + " channels, expected 1 (grey or indexed)");
        }
        if (r.getSampleModel().getSampleSize(0) > 8) {
            throw new BadInputException(name, "label image has " + r.getSampleModel().getSampleSize(0)
                    + "-bit samples, expected 8-bit");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] ids = new byte[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            r.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                ids[y * w + x] = (byte) row[x];
            }
        }
        return new LabelMap(w, h, ids);
    }

    /** Reads only the header: {width, height}. */
    public static int[] size(byte[] bytes, String name) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadInputException(name, "not a readable PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new BadInputException(name, "cannot read image header: " + e.getMessage(), e);
        }
    }

    public static byte[] encodePng(RgbImage img) {
        return write(toBufferedImage(img), "png");
    }

    public static byte[] encodeJpeg(RgbImage img) {
        return write(toBufferedImage(img), "jpeg");
    }

    private static BufferedImage toBufferedImage(RgbImage img) {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster r = bi.getRaster();
        int w = img.width();
        int[] row = new int[w * 3];
        byte[] px = img.rgb();
        for (int y = 0; y < img.height(); y++) {
            for (int i = 0; i < w * 3; i++) {
                row[i] = px[y * w * 3 + i] & 0xFF;
            }
            r.setPixels(0, y, w, 1, row);
        }
        return bi;
    }

    /** 8-bit grey PNG with the ids as grey values (the Cityscapes/ADE20K label format). */
    public static byte[] encodeLabelPng(LabelMap labels) {
        BufferedImage bi = new BufferedImage(labels.width(), labels.height(), BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = bi.getRaster();
        int w = labels.width();
        int[] row = new int[w];
        for (int y = 0; y < labels.height(); y++) {
            for (int x = 0; x < w; x++) {
                row[x] = labels.get(x, y);
            }
            r.setSamples(0, y, w, 1, 0, row);
        }
        return write(bi, "png");
    }

    private static byte[] write(BufferedImage bi, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(bi, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage read(byte[] bytes, String name) {
        if (bytes.length == 0) {
            throw new BadInputException(name, "file is empty");
        }
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) {
                throw new BadInputException(name, "not a readable PNG or JPEG image");
            }
            return img;
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw new BadInputException(name, "corrupt or truncated image (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
    }
}
