package org.gss.data.label;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the label tables shipped under {@code org/gss/data/label/} (see SOURCES.md there). */
final class LabelResources {
    static final String BASE = "/org/gss/data/label/";

    private LabelResources() {
    }

    static boolean exists(String relative) {
        return LabelResources.class.getResource(BASE + relative) != null;
    }

    /** Lines of a shipped text file; CRLF or LF, final newline optional (the upstream files mix both). */
    static List<String> lines(String relative) {
        try (InputStream in = LabelResources.class.getResourceAsStream(BASE + relative)) {
            if (in == null) {
                throw new IllegalStateException("label resource missing from the classpath: " + BASE + relative);
            }
            return splitLines(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read label resource " + BASE + relative, e);
        }
    }

    static List<String> splitLines(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\r\n|\n|\r", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** A class-names file: one name per line, line i = id i, surrounding blanks trimmed. */
    static List<String> names(String relative) {
        List<String> out = new ArrayList<>();
        for (String line : lines(relative)) {
            out.add(line.strip());
        }
        return List.copyOf(out);
    }

    /** A colours file: "r g b" per line, packed as 0xRRGGBB. */
    static int[] colors(String relative) {
        List<String> lines = lines(relative);
        int[] out = new int[lines.size()];
        for (int i = 0; i < out.length; i++) {
            String[] p = lines.get(i).strip().split("\\s+");
            if (p.length != 3) {
                throw new IllegalStateException(BASE + relative + " line " + (i + 1) + ": expected 'r g b', got '"
                        + lines.get(i) + "'");
            }
            out[i] = (Integer.parseInt(p[0]) << 16) | (Integer.parseInt(p[1]) << 8) | Integer.parseInt(p[2]);
        }
        return out;
    }
}
