package org.gss.maskige;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gss.data.image.BadInputException;

/**
 * Palettes as text: line k holds {@code r g b} of class k (0..255, separated by spaces, tabs or commas; CR LF or LF), the
 * layout of MSeg's {@code dataset_lists/<ds>/<ds>_colors.txt}. Lines starting with {@code #} are comments and take no
 * class id; the one comment {@code # ignore r g b} sets the ignore colour (otherwise it is computed, see
 * {@link Palette}). Blank lines may only trail the list, so that a stray empty line cannot shift the class ids.
 */
public final class FilePalette {
    private static final String IGNORE_DIRECTIVE = "# ignore ";

    private FilePalette() {
    }

    public static Palette read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read palette: " + e.getMessage(), e);
        }
    }

    /** @param name the file or URI the stream comes from, for error messages and {@link Palette#source()} */
    public static Palette read(InputStream in, String name) {
        List<int[]> colours = new ArrayList<>();
        int[] ignore = null;
        int blankLine = 0;
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                String text = line.strip();
                if (text.startsWith(IGNORE_DIRECTIVE)) {
                    ignore = parseColour(text.substring(IGNORE_DIRECTIVE.length()), name, lineNo);
                } else if (text.startsWith("#")) {
                    continue;
                } else if (text.isEmpty()) {
                    blankLine = blankLine == 0 ? lineNo : blankLine;
                } else {
                    if (blankLine != 0) {
                        throw new BadInputException(name, "blank line " + blankLine + " inside the colour list"
                                + " (line k must be class k)");
                    }
                    colours.add(parseColour(text, name, lineNo));
                }
            }
        } catch (IOException e) {
            throw new BadInputException(name, "cannot read palette: " + e.getMessage(), e);
        }
        if (colours.isEmpty()) {
            throw new BadInputException(name, "no colours in palette file");
        }
        if (colours.size() > Palette.MAX_CLASSES) {
            throw new BadInputException(name, colours.size() + " colours, at most " + Palette.MAX_CLASSES
                    + " classes fit in a label map (255 is the ignore id)");
        }
        return Palette.of(colours.toArray(new int[0][]), ignore, "file(" + name + ")");
    }

    private static int[] parseColour(String text, String name, int lineNo) {
        String[] parts = text.strip().split("[\\s,]+");
        if (parts.length != 3) {
            throw new BadInputException(name, "line " + lineNo + ": expected 'r g b', got '" + text + "'");
        }
        int[] c = new int[3];
        for (int m = 0; m < 3; m++) {
            try {
                c[m] = Integer.parseInt(parts[m]);
            } catch (NumberFormatException e) {
                throw new BadInputException(name, "line " + lineNo + ": '" + parts[m] + "' is not an integer");
            }
            if (c[m] < 0 || c[m] > 255) {
                throw new BadInputException(name, "line " + lineNo + ": " + c[m] + " is outside 0..255");
            }
        }
        return c;
    }

    /** The file text: a comment with the palette's source, K lines {@code r g b}, then {@code # ignore r g b}. */
    public static String format(Palette palette) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(palette.source().replace('\n', ' ')).append('\n');
        for (int[] c : palette.colours()) {
            sb.append(c[0]).append(' ').append(c[1]).append(' ').append(c[2]).append('\n');
        }
        int[] ig = palette.ignoreColour();
        sb.append(IGNORE_DIRECTIVE).append(ig[0]).append(' ').append(ig[1]).append(' ').append(ig[2]).append('\n');
        return sb.toString();
    }

    public static void write(Palette palette, Path file) {
        try {
            Files.writeString(file, format(palette), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write palette " + file, e);
        }
    }
}
