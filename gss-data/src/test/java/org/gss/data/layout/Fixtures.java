package org.gss.data.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;

/** Small helpers for layout tests: pixel histograms and tiny files written into a @TempDir. */
final class Fixtures {
    private Fixtures() {
    }

    /** id → pixel count, sorted by id. */
    static Map<Integer, Long> histogram(LabelMap m) {
        Map<Integer, Long> h = new TreeMap<>();
        for (int i = 0; i < m.size(); i++) {
            h.merge(m.at(i), 1L, Long::sum);
        }
        return h;
    }

    /** Expected histogram from (id, count) pairs. */
    static Map<Integer, Long> counts(long... idCountPairs) {
        Map<Integer, Long> h = new TreeMap<>();
        for (int i = 0; i < idCountPairs.length; i += 2) {
            h.put((int) idCountPairs[i], idCountPairs[i + 1]);
        }
        return h;
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    static void writeLabel(Path file, int width, int... ids) throws IOException {
        byte[] b = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            b[i] = (byte) ids[i];
        }
        Files.createDirectories(file.getParent());
        Files.write(file, ImageCodec.encodeLabelPng(new LabelMap(width, ids.length / width, b)));
    }

    static void writeJpeg(Path file, int width, int height) throws IOException {
        RgbImage img = RgbImage.blank(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.set(x, y, 16 * x, 16 * y, 128);
            }
        }
        Files.createDirectories(file.getParent());
        Files.write(file, ImageCodec.encodeJpeg(img));
    }

    static void writeLines(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    /** A qualified local URI as the layouts produce it. */
    static String uri(Path p) {
        return "file:" + p.toAbsolutePath();
    }
}
