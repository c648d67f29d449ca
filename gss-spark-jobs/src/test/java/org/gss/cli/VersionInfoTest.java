package org.gss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionInfoTest {
    @Test
    void versionPrintsProjectVersionCommitAndBackend() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--version"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(Main.OK, code);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].matches("gss \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), lines[0]);
        assertTrue(lines[1].startsWith("commit "), lines[1]);
        assertTrue(lines[2].startsWith("backend nd4j-native (CPU"), lines[2]);
        assertTrue(lines[3].startsWith("DL4J/ND4J 1.0.0-M2.1, Spark 3.5."), lines[3]);
    }

    @Test
    void commitComesFromTheCheckoutElseIsUnknown(@TempDir Path dir) {
        // the module runs inside this repository's checkout (a worktree or a clone)
        Path project = Path.of(System.getProperty("gsstest.project.dir", "..")).toAbsolutePath().normalize();
        Optional<String> c = VersionInfo.commit(project.toString());
        assertTrue(c.isEmpty() || c.get().matches("[0-9a-f]{12}(-dirty)?"), c.toString());
        assertEquals(Optional.empty(), VersionInfo.commit(dir.toString()));
        assertEquals(Optional.empty(), VersionInfo.commit(null));
    }
}
