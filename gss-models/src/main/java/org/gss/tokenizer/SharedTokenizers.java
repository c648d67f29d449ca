package org.gss.tokenizer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One tokenizer instance per JVM and configuration: Spark executors run many tasks, and loading weights (up to
 * ~400 MB for the full dVAE) per task would dominate. Tokenizers are immutable and thread-safe, so sharing is safe.
 */
public final class SharedTokenizers {
    private static final Map<TokenizerSettings, Tokenizer> CACHE = new ConcurrentHashMap<>();

    private SharedTokenizers() {
    }

    public static Tokenizer get(TokenizerSettings settings) {
        return CACHE.computeIfAbsent(settings, TokenizerSettings::open);
    }
}
