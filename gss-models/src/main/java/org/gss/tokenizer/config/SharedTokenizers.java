package org.gss.tokenizer.config;

import java.util.Map;
import org.gss.tokenizer.Tokenizer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One tokenizer instance per JVM and configuration: Spark executors run many tasks, and loading weights (up to
 * ~400 MB for the full dVAE) per task would dominate. Tokenizers are immutable and thread-safe, so sharing is safe.
 */
public final class SharedTokenizers {
    private static final Map<TokenizerSettings, Tokenizer> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, Tokenizer> BY_FINGERPRINT = new ConcurrentHashMap<>();

    private SharedTokenizers() {
    }

    public static Tokenizer get(TokenizerSettings settings) {
        return CACHE.computeIfAbsent(settings, TokenizerSettings::open);
    }

    /**
     * Keyed by the weights' fingerprint, computed once on the driver and shipped with the task (the token cache keys
     * its entries by it, so an executor must never reuse a tokenizer whose files changed under the same path).
     */
    public static Tokenizer get(TokenizerSettings settings, String fingerprint) {
        return BY_FINGERPRINT.computeIfAbsent(fingerprint, f -> settings.open());
    }
}
