package org.gss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HOCON's plain {@code include} ignores a missing file; ours is an error naming it (a typo must not drop settings). */
class StrictIncludeTest {
    @TempDir
    Path dir;

    @Test
    void missingIncludeIsAnErrorNamingTheFile() throws Exception {
        Path f = dir.resolve("exp.conf");
        Files.writeString(f, "include \"base/datasetz.conf\"\ngss.seed = 3\n");
        ConfigError e = assertThrows(ConfigError.class, () -> GssConfig.load(Optional.of(f), List.of()));
        assertTrue(e.getMessage().contains("datasetz.conf"), e.getMessage());
    }

    @Test
    void missingNestedIncludeIsAnErrorToo() throws Exception {
        Files.createDirectories(dir.resolve("base"));
        Files.writeString(dir.resolve("base/a.conf"), "include \"gone.conf\"\ngss.seed = 4\n");
        Path f = dir.resolve("exp.conf");
        Files.writeString(f, "include \"base/a.conf\"\n");
        ConfigError e = assertThrows(ConfigError.class, () -> GssConfig.load(Optional.of(f), List.of()));
        assertTrue(e.getMessage().contains("gone.conf"), e.getMessage());
    }

    @Test
    void presentIncludesStillMergeInEveryForm() throws Exception {
        Files.createDirectories(dir.resolve("base"));
        Files.writeString(dir.resolve("base/a.conf"), "include \"b.conf\"\ngss.seed = 5\n");
        Files.writeString(dir.resolve("base/b.conf"), "gss.synth.width = 96\n");
        Files.writeString(dir.resolve("c.conf"), "gss.synth.height = 48\n");
        Path f = dir.resolve("exp.conf");
        Files.writeString(f, "include \"base/a.conf\"\ninclude required(file(\"" + dir.resolve("c.conf")
                + "\"))\ngss.synth.classes = 5\n");
        GssConfig cfg = GssConfig.load(Optional.of(f), List.of());
        assertEquals(5, cfg.gss().getInt("seed"));
        assertEquals(96, cfg.gss().getInt("synth.width"));
        assertEquals(48, cfg.gss().getInt("synth.height"));
        assertEquals(5, cfg.gss().getInt("synth.classes"));
    }
}
