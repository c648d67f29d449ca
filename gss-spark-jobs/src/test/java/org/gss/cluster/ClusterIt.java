package org.gss.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/** Small helpers the cluster integration tests share. */
final class ClusterIt {
    private ClusterIt() {
    }

    /** A progress line in the test output, tagged so it stands out of Spark's logs. */
    static void report(String format, Object... values) {
        System.out.println("[cluster-it] " + String.format(Locale.ROOT, format, values));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
