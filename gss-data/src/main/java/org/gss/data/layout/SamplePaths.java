package org.gss.data.layout;

import java.util.regex.Pattern;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;

/**
 * Paths and ids that come from dataset files (pair lists, split files) are untrusted: they must be relative, free of
 * {@code ..} segments and control characters, and resolve inside the dataset root. Anything else is a
 * {@link BadInputException} naming the list file, so the bad-input policy decides whether the split fails or skips it.
 */
final class SamplePaths {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

    private SamplePaths() {
    }

    /**
     * {@code relative} resolved under {@code root}, after checking it.
     *
     * @param source the list file, named in the error
     * @param where  e.g. {@code line 3}
     */
    static String resolveInside(String root, String relative, String source, String where) {
        check(relative, source, where);
        String resolved = HadoopFiles.resolve(root, relative);
        String base = HadoopFiles.toPath(root).toString();
        if (!resolved.startsWith(base.endsWith("/") ? base : base + "/")) {
            throw new BadInputException(source, where + ": '" + printable(relative) + "' resolves to " + resolved
                    + ", outside the dataset root " + base);
        }
        return resolved;
    }

    /** Throws unless {@code relative} is a plain relative path: no scheme, no leading '/', no '..', no control chars. */
    static void check(String relative, String source, String where) {
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
                    + "; paths and ids in list files must stay inside the dataset root");
        }
    }

    /** The text with control characters shown as {@code \\uXXXX}, so that errors and reports never carry them raw. */
    static String printable(String s) {
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
