package org.gss.jobs.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gss.tokenizer.Tokenizer;
import org.gss.tokenizer.TokenizerSettings;

/**
 * One tokenizer instance per executor JVM and weight fingerprint, shared by all tasks of the executor (tokenizers are
 * thread-safe): loading the full dVAE takes seconds and ~400 MB, which must not happen per task. The fingerprint is
 * computed once on the driver and travels with the task, so executors do not hash the weights again.
 */
final class ExecutorTokenizers {
    private static final Map<String, Tokenizer> BY_FINGERPRINT = new ConcurrentHashMap<>();

    private ExecutorTokenizers() {
    }

    static Tokenizer get(TokenizerSettings settings, String fingerprint) {
        return BY_FINGERPRINT.computeIfAbsent(fingerprint, f -> settings.open());
    }
}
