package org.gss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.gss.backend.BackendSettings.OnUnsupportedGpu;
import org.gss.config.ConfigError;
import org.gss.config.GssConfig;
import org.junit.jupiter.api.Test;

class BackendSettingsTest {

    private static BackendSettings with(String... sets) {
        return BackendSettings.from(GssConfig.load(Optional.empty(), List.of(sets)));
    }

    @Test
    void defaultsFromReferenceConf() {
        assertEquals(new BackendSettings(true, OnUnsupportedGpu.FAIL), with());
        assertEquals(BackendSettings.defaults(), with());
    }

    @Test
    void overrides() {
        assertEquals(new BackendSettings(true, OnUnsupportedGpu.CPU), with("gss.backend.on-unsupported-gpu=cpu"));
        assertEquals(new BackendSettings(false, OnUnsupportedGpu.FAIL), with("gss.backend.gpu-check=false"));
    }

    @Test
    void badValuesNameTheKey() {
        ConfigError mode = assertThrows(ConfigError.class, () -> with("gss.backend.on-unsupported-gpu=gpu"));
        assertTrue(mode.getMessage().startsWith("gss.backend.on-unsupported-gpu (--set gss.backend.on-unsupported-gpu: 1)"
                + ": is \"gpu\", expected one of [fail, cpu]"), mode.getMessage());
        ConfigError check = assertThrows(ConfigError.class, () -> with("gss.backend.gpu-check=sometimes"));
        assertTrue(check.getMessage().contains("gss.backend.gpu-check"), check.getMessage());
    }
}
