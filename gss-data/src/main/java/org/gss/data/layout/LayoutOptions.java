package org.gss.data.layout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Options of one layout, from a flat or nested map (a HOCON object's {@code root().unwrapped()} works: nested maps become
 * dotted keys). Every key must be read: {@link #requireAllUsed()} fails naming unknown keys, so a typo is never ignored.
 */
public final class LayoutOptions {
    private final String layout;
    private final Map<String, Object> values = new TreeMap<>();
    private final Set<String> used = new HashSet<>();

    LayoutOptions(String layout, Map<String, ?> raw) {
        this.layout = layout;
        flatten("", raw);
    }

    private void flatten(String prefix, Map<String, ?> raw) {
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) m;
                flatten(key + ".", nested);
            } else if (e.getValue() != null) {
                values.put(key, e.getValue());
            }
        }
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String string(String key, String def) {
        used.add(key);
        Object v = values.get(key);
        return v == null ? def : v.toString();
    }

    String requiredString(String key) {
        String v = string(key, null);
        if (v == null) {
            throw new IllegalArgumentException(layout + " layout: option '" + key + "' is required");
        }
        return v;
    }

    boolean bool(String key, boolean def) {
        used.add(key);
        Object v = values.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(layout + " layout: option '" + key + "' must be true or false, got '" + v + "'");
    }

    Integer integer(String key) {
        used.add(key);
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        try {
            return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(layout + " layout: option '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    /** A list option: a List, or a comma-separated string. Null if absent. */
    List<String> list(String key) {
        used.add(key);
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(o.toString().trim());
            }
        } else {
            for (String s : v.toString().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    void requireAllUsed() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(layout + " layout: unknown option(s) " + unknown + "; known: "
                    + new TreeSet<>(used));
        }
    }
}
