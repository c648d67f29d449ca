package org.gss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One list of names per kind: what validation accepts is exactly what construction can build. */
class RegistryTest {
    static final Registry<Integer> SIZES = Registry.<Integer>of("size").add("small", 1).add("large", 9).build();

    static Settings settings(String hocon) {
        return new Settings(ConfigFactory.parseString(hocon), "gss.x");
    }

    @Test
    void readsAKnownNameAndBuildsIt() {
        String name = SIZES.read(settings("size = large"), "size");
        assertEquals(9, SIZES.get(name));
        assertEquals(List.of("small", "large"), SIZES.names());
    }

    @Test
    void anUnknownNameIsAConfigErrorNamingKeyAndChoices() {
        ConfigError e = assertThrows(ConfigError.class, () -> SIZES.read(settings("size = huge"), "size"));
        assertTrue(e.getMessage().startsWith("gss.x.size") && e.getMessage().contains("[small, large]"),
                e.getMessage());
        ConfigError list = assertThrows(ConfigError.class, () -> SIZES.readList(settings("sizes = [small, huge]"),
                "sizes"));
        assertTrue(list.getMessage().contains("gss.x.sizes") && list.getMessage().contains("\"huge\""),
                list.getMessage());
        assertEquals(List.of("large", "small"), SIZES.readList(settings("sizes = [large, small]"), "sizes"));
        IllegalArgumentException get = assertThrows(IllegalArgumentException.class, () -> SIZES.get("huge"));
        assertEquals("unknown size 'huge'; known: [small, large]", get.getMessage());
    }

    @Test
    void aNameIsRegisteredOnce() {
        assertThrows(IllegalStateException.class, () -> Registry.<Integer>of("size").add("a", 1).add("a", 2));
    }
}
