package org.gss.data.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;

/** File helpers for the synth tests: relative listings, hashes, decoding. */
final class SynthTestFiles {
    private SynthTestFiles() {
    }

    /** SHA-256 of every regular file under root, keyed by '/'-separated relative path. */
    static Map<String, String> hashes(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.put(root.relativize(p).toString().replace('\\', '/'), sha256(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static LabelMap label(Path root, String relative) {
        try {
            return ImageCodec.decodeLabel(Files.readAllBytes(root.resolve(relative)), relative);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RgbImage image(Path root, String relative) {
        try {
            return ImageCodec.decodeRgb(Files.readAllBytes(root.resolve(relative)), relative);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
