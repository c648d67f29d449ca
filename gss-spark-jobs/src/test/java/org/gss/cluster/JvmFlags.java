package org.gss.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** deploy/jvm-flags, the one list of JVM flags, read as the java launcher reads an argument file (one flag a line). */
final class JvmFlags {
    private JvmFlags() {
    }

    static Path file(Path projectRoot) {
        return projectRoot.resolve("deploy/jvm-flags");
    }

    /** The flags of deploy/jvm-flags under the project root, in order. */
    static List<String> read(Path projectRoot) throws IOException {
        return parse(Files.readString(file(projectRoot), StandardCharsets.UTF_8));
    }

    /** Flags of an argument file's text: '#' to the end of the line is a comment; blank lines are skipped. */
    static List<String> parse(String text) {
        List<String> flags = new ArrayList<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String flag = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!flag.isEmpty()) {
                flags.add(flag);
            }
        }
        return flags;
    }
}
