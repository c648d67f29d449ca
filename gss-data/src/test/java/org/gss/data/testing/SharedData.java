package org.gss.data.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared/data} (real samples and golden vectors) from tests in any module. */
public final class SharedData {
    private SharedData() {
    }

    /** The shared/ folder: -Dgsstest.shared.dir (set by surefire) or ../shared, ../../shared from the working dir. */
    public static Path sharedDir() {
        String prop = System.getProperty("gsstest.shared.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (String c : new String[] {"../shared", "../../shared"}) {
            Path p = Path.of(c).toAbsolutePath().normalize();
            if (Files.isDirectory(p.resolve("data"))) {
                return p;
            }
        }
        throw new IllegalStateException("shared/ folder not found (set -Dgsstest.shared.dir)");
    }

    /** A path under shared/data. */
    public static Path data(String relative) {
        Path p = sharedDir().resolve("data").resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing shared test data: " + p);
        }
        return p;
    }
}
