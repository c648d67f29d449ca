package org.gss.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.typesafe.config.ConfigFactory;
import org.gss.config.ConfigReference;
import org.junit.jupiter.api.Test;

/** The README's key tables are generated from the three modules' reference.conf files and must match them. */
class ReadmeConfigurationTest {

    @Test
    void readmeKeyReferenceMatchesTheReferenceConfFiles() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String block = ConfigReference.block(readme).orElseThrow(() -> new AssertionError("README.md has no "
                + ConfigReference.START + " block"));
        assertEquals(ConfigReference.markdown(), block,
                "README.md's configuration reference is stale: run bin/gss config --reference --write README.md");
    }

    @Test
    void everyKeyOfEveryModuleIsListedWithItsComment() {
        String md = ConfigReference.markdown();
        for (String key : new String[] {"| `detail-scale` | `1` |", "| `codebook-size` | `512` |",
                "| `datasets.<name>.manifest` | `\"\"` |", "| `out` | `${gss.work-dir}\"/eval\"` |"}) {
            assertTrue(md.contains(key), key + " missing from\n" + md);
        }
        // a block per module's top-level keys, every row described
        for (String block : new String[] {"gss.synth", "gss.tokenizer", "gss.train", "gss.evaluate"}) {
            assertTrue(md.contains("#### `" + block + "`"), block);
        }
        assertTrue(md.lines().filter(l -> l.startsWith("| `")).noneMatch(l -> l.endsWith("|  |")),
                "rows without a description");
        assertEquals(md, ConfigReference.markdown(ConfigFactory.parseResourcesAnySyntax("reference.conf")));
    }
}
