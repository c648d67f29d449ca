package org.gss.config;

/**
 * A configuration problem the user must fix: unknown key, wrong type, out-of-range value, secret in a file.
 * The CLI maps it to exit code 2. The message always names the key and, where known, the file and line.
 */
public class ConfigError extends RuntimeException {
    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}
