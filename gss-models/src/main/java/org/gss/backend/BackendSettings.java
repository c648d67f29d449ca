package org.gss.backend;

import org.gss.config.GssConfig;
import org.gss.config.Settings;

/**
 * The {@code gss.backend} settings of the start-up GPU check.
 *
 * @param gpuCheck {@code gss.backend.gpu-check}: probe the GPUs when the ND4J CUDA backend is on the classpath
 * @param onUnsupportedGpu {@code gss.backend.on-unsupported-gpu}: stop, or make ND4J use its CPU backend
 */
public record BackendSettings(boolean gpuCheck, OnUnsupportedGpu onUnsupportedGpu) {

    /** What to do when a visible GPU cannot run the ND4J CUDA backend. */
    public enum OnUnsupportedGpu {
        /** Stop with {@link UnsupportedGpuException} before ND4J loads. */
        FAIL,
        /** Make ND4J select its CPU backend (nd4j-native) in this JVM and log a warning. */
        CPU;

        public String key() {
            return name().toLowerCase();
        }
    }

    public static final String PREFIX = "gss.backend";

    /** Defaults of reference.conf: check on, fail on an unsupported GPU. */
    public static BackendSettings defaults() {
        return new BackendSettings(true, OnUnsupportedGpu.FAIL);
    }

    public static BackendSettings from(GssConfig config) {
        return from(Settings.of(config, PREFIX));
    }

    /** Reads {@code gpu-check} and {@code on-unsupported-gpu} from the {@code gss.backend} subtree. */
    public static BackendSettings from(Settings s) {
        boolean check = s.bool("gpu-check");
        String mode = s.oneOf("on-unsupported-gpu", "fail", "cpu");
        return new BackendSettings(check, OnUnsupportedGpu.valueOf(mode.toUpperCase()));
    }
}
