package org.gss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GssConfigTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void defaultsComeFromReferenceConf() {
        GssConfig cfg = GssConfig.defaults();
        assertEquals(42, cfg.gss().getInt("seed"));
        assertEquals("cityscapes", cfg.gss().getString("dataset.layout"));
        assertTrue(cfg.origin("gss.seed").contains("reference.conf"), cfg.origin("gss.seed"));
    }

    @Test
    void fileThenSystemPropertyThenSetWin() throws Exception {
        Path f = write("exp.conf", "gss.seed = 7\ngss.synth.width = 64\ngss.synth.height = 32\n");
        GssConfig fromFile = GssConfig.load(Optional.of(f), List.of());
        assertEquals(7, fromFile.gss().getInt("seed"));
        assertTrue(fromFile.origin("gss.seed").contains("exp.conf: 1"), fromFile.origin("gss.seed"));
        // substitutions in reference.conf see the user's value
        assertEquals(7, fromFile.gss().getInt("synth.seed"));

        System.setProperty("gss.synth.width", "96");
        try {
            GssConfig withProp = GssConfig.load(Optional.of(f), List.of());
            assertEquals(96, withProp.gss().getInt("synth.width"));
            GssConfig withSet = GssConfig.load(Optional.of(f), List.of("gss.synth.width=128"));
            assertEquals(128, withSet.gss().getInt("synth.width"));
            assertTrue(withSet.origin("gss.synth.width").contains("--set"), withSet.origin("gss.synth.width"));
        } finally {
            System.clearProperty("gss.synth.width");
        }
    }

    @Test
    void includedBaseFileIsMergedAndOverridden() throws Exception {
        write("base.conf", "gss.synth.classes = 5\ngss.synth.width = 64\n");
        Path f = write("exp.conf", "include \"base.conf\"\ngss.synth.width = 80\n");
        GssConfig cfg = GssConfig.load(Optional.of(f), List.of());
        assertEquals(5, cfg.gss().getInt("synth.classes"));
        assertEquals(80, cfg.gss().getInt("synth.width"));
    }

    @Test
    void misspelledKeyIsRejectedNamingKeyFileLineAndSuggestion() throws Exception {
        Path f = write("typo.conf", "gss {\n  synth {\n    widht = 64\n  }\n}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> GssConfig.load(Optional.of(f), List.of()));
        assertTrue(e.getMessage().contains("gss.synth.widht"), e.getMessage());
        assertTrue(e.getMessage().contains("typo.conf: 3"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean gss.synth.width"), e.getMessage());
    }

    @Test
    void unknownTopLevelSectionIsRejected() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> GssConfig.load(Optional.empty(), List.of("gss.trian.lr=1")));
        assertTrue(e.getMessage().contains("gss.trian.lr"), e.getMessage());
        assertTrue(e.getMessage().contains("--set"), e.getMessage());
    }

    @Test
    void wrongTypeNamesKeyAndFile() throws Exception {
        Path f = write("bad.conf", "gss.synth.width = \"wide\"\n");
        ConfigError e = assertThrows(ConfigError.class, () -> GssConfig.load(Optional.of(f), List.of()));
        assertTrue(e.getMessage().contains("gss.synth.width"), e.getMessage());
        assertTrue(e.getMessage().contains("bad.conf: 1"), e.getMessage());
    }

    @Test
    void outOfRangeValueNamesKeyOriginAndExpectation() throws Exception {
        Path f = write("range.conf", "gss.synth.width = -3\n");
        GssConfig cfg = GssConfig.load(Optional.of(f), List.of());
        ConfigError e = assertThrows(ConfigError.class, () -> Settings.of(cfg, "gss.synth").positiveInt("width"));
        assertTrue(e.getMessage().startsWith("gss.synth.width ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("range.conf: 1): is -3, expected at least 1"), e.getMessage());
    }

    @Test
    void credentialsAreNeverAcceptedFromConfig() throws Exception {
        Path f = write("s3.conf", "gss.spark.hadoop { \"fs.s3a.secret.key\" = \"abc\" }\n");
        ConfigError e = assertThrows(ConfigError.class, () -> GssConfig.load(Optional.of(f), List.of()));
        assertTrue(e.getMessage().contains("credential"), e.getMessage());
        assertTrue(!e.getMessage().contains("abc"), "the secret value itself must not be echoed");
    }

    @Test
    void passThroughMapsAcceptAnyKey() throws Exception {
        Path f = write("opts.conf", "gss.dataset.options { \"img.suffix\" = \".jpg\", any = 1 }\n");
        GssConfig cfg = GssConfig.load(Optional.of(f), List.of());
        assertEquals(".jpg", cfg.root().getConfig("gss.dataset.options").getString("\"img.suffix\""));
    }

    @Test
    void hashChangesWithValuesAndRenderShowsOrigins() throws Exception {
        GssConfig a = GssConfig.defaults();
        GssConfig b = GssConfig.load(Optional.empty(), List.of("gss.seed=43"));
        assertNotEquals(a.hash(), b.hash());
        assertEquals(a.hash(), GssConfig.defaults().hash());
        String text = b.renderWithOrigins();
        assertTrue(text.contains("--set gss.seed"), text);
        assertTrue(text.contains("reference.conf"), text);
    }

    @Test
    void missingFileIsAConfigError() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> GssConfig.load(Optional.of(dir.resolve("nope.conf")), List.of()));
        assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
    }
}
