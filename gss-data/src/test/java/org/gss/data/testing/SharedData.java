package org.gss.data.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the repository's {@code testdata/} folder (real samples and golden vectors, each with its README of source
 * and licence) from tests in any module: the first folder holding {@code testdata/} and {@code pom.xml}, walking up
 * from the working directory (a module folder under Maven, the project root in an IDE).
 */
public final class SharedData {
    private SharedData() {
    }

    /** The repository's testdata/ folder. */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p.resolve("testdata");
            }
        }
        throw new IllegalStateException("no testdata/ folder in " + start + " or above: run the tests inside the"
                + " gss-spark repository");
    }

    /** A path under testdata/; fails naming the path when it does not exist. */
    public static Path data(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing test data: " + p);
        }
        return p;
    }
}
