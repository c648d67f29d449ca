package org.gss.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named implementations of one kind (dataset layouts, palettes, inverses, tokenizers, backbones, predictors): the
 * single list that both validates a config key ({@link #read}) and builds the thing ({@link #get}), so a name accepted
 * at start-up is always one that can be constructed.
 *
 * @param <T> what a name stands for (usually a factory)
 */
public final class Registry<T> {
    private final String kind;
    private final Map<String, T> entries;

    private Registry(String kind, Map<String, T> entries) {
        this.kind = kind;
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** A registry of {@code kind} (e.g. "palette"), entries added in the order error messages list them. */
    public static <T> Builder<T> of(String kind) {
        return new Builder<>(kind);
    }

    /** The names, in registration order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** What {@code name} stands for; an unknown name is an IllegalArgumentException listing the known ones. */
    public T get(String name) {
        T t = entries.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "'; known: " + names());
        }
        return t;
    }

    /** Reads {@code key} of {@code s}, which must name an entry; otherwise a ConfigError naming the key. */
    public String read(Settings s, String key) {
        return s.oneOf(key, names().toArray(String[]::new));
    }

    /** Reads a list of names at {@code key}; each must name an entry. */
    public List<String> readList(Settings s, String key) {
        List<String> out = new ArrayList<>();
        for (String n : s.strings(key)) {
            if (!contains(n)) {
                throw s.error(key, "unknown " + kind + " \"" + n + "\", expected one of " + names(), null);
            }
            out.add(n);
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return kind + "s " + names();
    }

    /** Collects the entries of a registry. */
    public static final class Builder<T> {
        private final String kind;
        private final Map<String, T> entries = new LinkedHashMap<>();

        private Builder(String kind) {
            this.kind = kind;
        }

        public Builder<T> add(String name, T value) {
            if (entries.putIfAbsent(name, value) != null) {
                throw new IllegalStateException(kind + " '" + name + "' registered twice");
            }
            return this;
        }

        public Registry<T> build() {
            return new Registry<>(kind, entries);
        }
    }
}
