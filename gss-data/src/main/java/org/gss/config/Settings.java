package org.gss.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.Arrays;
import java.util.List;

/**
 * Typed, range-checked reads of one config subtree. Every failure is a {@link ConfigError} that names the full key,
 * where its value came from (file: line, --set, reference.conf) and what was expected. Jobs build their immutable
 * settings records through this, once, at start-up.
 */
public final class Settings {
    private final Config config;
    private final String prefix;

    public Settings(Config config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    /** The subtree at {@code prefix} (e.g. {@code gss.synth}) of a loaded configuration. */
    public static Settings of(GssConfig cfg, String prefix) {
        return new Settings(cfg.root().getConfig(prefix), prefix);
    }

    public Settings child(String key) {
        return new Settings(config.getConfig(key), full(key));
    }

    public Config raw() {
        return config;
    }

    public String prefix() {
        return prefix;
    }

    public boolean has(String key) {
        return config.hasPath(key);
    }

    public String string(String key) {
        return read(key, "expected a string", config::getString);
    }

    public String nonEmpty(String key) {
        String v = string(key);
        if (v.isBlank()) {
            throw error(key, "must not be empty", null);
        }
        return v;
    }

    public String oneOf(String key, String... allowed) {
        String v = string(key);
        if (!Arrays.asList(allowed).contains(v)) {
            throw error(key, "is \"" + v + "\", expected one of " + Arrays.toString(allowed), null);
        }
        return v;
    }

    /** One typed read; a wrong type is an error naming the key and its origin. */
    private <T> T read(String key, String expected, java.util.function.Function<String, T> getter) {
        try {
            return getter.apply(key);
        } catch (ConfigException e) {
            throw error(key, expected, e);
        }
    }

    public boolean bool(String key) {
        return read(key, "expected true or false", config::getBoolean);
    }

    public int intIn(String key, int min, int max) {
        int v = read(key, "expected an integer", config::getInt);
        if (v < min || v > max) {
            throw error(key, "is " + v + ", expected " + range(min, max), null);
        }
        return v;
    }

    public int oneOfInt(String key, int... allowed) {
        int v = intIn(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
        for (int a : allowed) {
            if (a == v) {
                return v;
            }
        }
        throw error(key, "is " + v + ", expected one of " + Arrays.toString(allowed), null);
    }

    public int positiveInt(String key) {
        return intIn(key, 1, Integer.MAX_VALUE);
    }

    public long longIn(String key, long min, long max) {
        long v = read(key, "expected an integer", config::getLong);
        if (v < min || v > max) {
            throw error(key, "is " + v + ", expected " + min + ".." + max, null);
        }
        return v;
    }

    public double doubleIn(String key, double min, double max) {
        double v = read(key, "expected a number", config::getDouble);
        if (!(v >= min && v <= max)) {
            throw error(key, "is " + v + ", expected a number in [" + min + ", " + max + "]", null);
        }
        return v;
    }

    public List<String> strings(String key) {
        return read(key, "expected a list of strings", config::getStringList);
    }

    public List<Double> doubles(String key) {
        return read(key, "expected a list of numbers", config::getDoubleList);
    }

    public List<Integer> ints(String key) {
        return read(key, "expected a list of integers", config::getIntList);
    }

    /** A ConfigError for this key, naming where its value came from. */
    public ConfigError error(String key, String problem, Throwable cause) {
        String where = config.hasPathOrNull(key) ? " (" + GssConfig.describe(config.getValue(key)) + ")" : "";
        String msg = full(key) + where + ": " + problem;
        return cause == null ? new ConfigError(msg) : new ConfigError(msg, cause);
    }

    private String full(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    private static String range(int min, int max) {
        if (max == Integer.MAX_VALUE) {
            return "at least " + min;
        }
        return min + ".." + max;
    }
}
