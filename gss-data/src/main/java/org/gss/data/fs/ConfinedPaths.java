package org.gss.data.fs;

import java.util.regex.Pattern;
import org.gss.data.image.BadInputException;

/**
 * Paths and ids that come from input (pair lists, split files, manifest rows) are untrusted: they must be relative,
 * free of {@code ..} segments and control characters, and resolve inside the root they are meant for (the dataset
 * root when reading, the configured output folder when writing). Anything else is a {@link BadInputException} naming
 * the source, so the bad-input policy decides whether the job fails or skips the sample.
 */
public final class ConfinedPaths {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

    private ConfinedPaths() {
    }

    /**
     * {@code relative} resolved under {@code root}, after checking it.
     *
     * @param source the list file (or input) named in the error
     * @param where  e.g. {@code line 3}
     */
    public static String resolveInside(String root, String relative, String source, String where) {
        check(relative, source, where);
        String resolved = HadoopFiles.resolve(root, relative);
        String base = HadoopFiles.toPath(root).toString();
        if (!resolved.startsWith(base.endsWith("/") ? base : base + "/")) {
            throw new BadInputException(source, where + ": '" + printable(relative) + "' resolves to " + resolved
                    + ", outside " + base);
        }
        return resolved;
    }

    /** Throws unless {@code relative} is a plain relative path: no scheme, no leading '/', no '..', no control chars. */
    public static void check(String relative, String source, String where) {
        String problem = null;
        if (relative.isEmpty()) {
            problem = "is empty";
        } else if (relative.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problem = "contains control characters";
        } else if (relative.startsWith("/") || relative.startsWith("\\")) {
            problem = "is an absolute path";
        } else if (SCHEME.matcher(relative).matches()) {
            problem = "is a URI";
        } else {
            for (String segment : relative.split("[/\\\\]")) {
                if (segment.equals("..")) {
                    problem = "contains '..'";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new BadInputException(source, where + ": '" + printable(relative) + "' " + problem
                    + "; paths and ids from input must stay inside their root");
        }
    }

    /** The text with control characters shown as {@code \\uXXXX}, so that errors and reports never carry them raw. */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
