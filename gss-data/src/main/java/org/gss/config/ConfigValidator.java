package org.gss.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Start-up validation of the user's layers against the merged reference.conf files.
 *
 * <p>Conventions in reference.conf: an object with a {@code "*"} key is an open map whose entries are checked against
 * that template (e.g. {@code gss.evaluate.datasets}); an empty object {@code {}} is a pass-through map that accepts any
 * key (e.g. {@code gss.spark.conf}). Everything else is closed: an unknown key under {@code gss.} is an error.
 */
final class ConfigValidator {
    private ConfigValidator() {
    }

    static void validate(Config user, Config reference) {
        if (!user.hasPath("gss")) {
            return;
        }
        ConfigObject ref = reference.root();
        for (Map.Entry<String, ConfigValue> e : user.withOnlyPath("gss").entrySet()) {
            String path = e.getKey();
            List<String> parts = ConfigUtil.splitPath(path);
            String where = GssConfig.describe(e.getValue());
            // credentials never belong in config files: the Hadoop/AWS credential chain supplies them
            if (CredentialKeys.isCredential(String.join(".", parts))) {
                throw new ConfigError("key " + path + " (" + where + ") looks like a credential; secrets are never read"
                        + " from config files: use the standard Hadoop/AWS credential chain (environment variables,"
                        + " ~/.aws/credentials, instance profile or a Hadoop credential provider)");
            }
            checkKnown(ref, parts, path, where);
        }
    }

    private static void checkKnown(ConfigObject ref, List<String> parts, String path, String where) {
        ConfigValue node = ref;
        StringBuilder seen = new StringBuilder();
        for (String part : parts) {
            if (!(node instanceof ConfigObject obj)) {
                throw new ConfigError("unknown key " + path + " (" + where + "): " + seen + " is a "
                        + node.valueType().name().toLowerCase() + ", not an object");
            }
            if (obj.isEmpty() && seen.length() > 0) {
                return; // pass-through map
            }
            ConfigValue next = obj.get(part);
            if (next == null) {
                next = obj.get("*");
            }
            if (next == null) {
                throw new ConfigError("unknown key " + path + " (" + where + ")" + suggestion(obj, part, seen.toString()));
            }
            if (seen.length() > 0) {
                seen.append('.');
            }
            seen.append(ConfigUtil.joinPath(part));
            node = next;
        }
    }

    private static String suggestion(ConfigObject obj, String part, String parent) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String k : obj.keySet()) {
            int d = editDistance(k, part);
            if (d < bestDist) {
                bestDist = d;
                best = k;
            }
        }
        String prefix = parent.isEmpty() ? "" : parent + ".";
        if (best != null && bestDist <= Math.max(2, part.length() / 3)) {
            return ": did you mean " + prefix + best + "?";
        }
        return ": known keys here are " + new java.util.TreeSet<>(obj.keySet());
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Types of the merged config against the reference (and of each open-map entry against its template). */
    static void checkTypes(Config merged, Config reference) {
        Config ref = reference.resolve();
        List<String> problems = new ArrayList<>();
        // Typesafe's checkValid lets a string stand for any type; a user's "wide" for a number must fail here.
        if (merged.hasPath("gss")) {
            for (Map.Entry<String, ConfigValue> e : merged.withOnlyPath("gss").entrySet()) {
                String path = e.getKey();
                if (ref.hasPath(path) && merged.hasPath(path)) {
                    String problem = typeProblem(merged, path, ref.getValue(path).valueType());
                    if (problem != null) {
                        problems.add(path + " (" + GssConfig.describe(merged.getValue(path)) + "): " + problem);
                    }
                }
            }
        }
        try {
            merged.checkValid(ref, "gss");
        } catch (ConfigException.ValidationFailed e) {
            for (ConfigException.ValidationProblem p : e.problems()) {
                problems.add(p.path() + " (" + GssConfig.describe(p.origin()) + "): " + p.problem());
            }
        }
        checkOpenMaps(merged, ref.getConfig("gss").root(), "gss", problems);
        if (!problems.isEmpty()) {
            throw new ConfigError("invalid configuration:\n  " + String.join("\n  ", problems));
        }
    }

    private static String typeProblem(Config merged, String path, ConfigValueType expected) {
        try {
            switch (expected) {
                case NUMBER -> merged.getNumber(path);
                case BOOLEAN -> merged.getBoolean(path);
                case LIST -> merged.getList(path);
                case OBJECT -> merged.getObject(path);
                default -> {
                    return null;
                }
            }
            return null;
        } catch (ConfigException.WrongType e) {
            return "expected " + expected.name().toLowerCase() + ", got " + merged.getValue(path).valueType().name()
                    .toLowerCase() + " " + merged.getValue(path).render();
        }
    }

    private static void checkOpenMaps(Config merged, ConfigObject ref, String path, List<String> problems) {
        for (Map.Entry<String, ConfigValue> e : ref.entrySet()) {
            if (e.getValue().valueType() != ConfigValueType.OBJECT) {
                continue;
            }
            String childPath = path + "." + ConfigUtil.joinPath(e.getKey());
            ConfigObject child = (ConfigObject) e.getValue();
            if (child.containsKey("*") && merged.hasPath(childPath)) {
                Config template = child.toConfig().getConfig("\"*\"");
                ConfigObject entries = merged.getObject(childPath);
                for (String name : entries.keySet()) {
                    if (name.equals("*") || entries.get(name).valueType() != ConfigValueType.OBJECT) {
                        if (!name.equals("*")) {
                            problems.add(childPath + "." + name + " (" + GssConfig.describe(entries.get(name))
                                    + "): expected an object like " + childPath + ".\"*\"");
                        }
                        continue;
                    }
                    try {
                        ((ConfigObject) entries.get(name)).toConfig().withFallback(template).checkValid(template);
                    } catch (ConfigException.ValidationFailed v) {
                        for (ConfigException.ValidationProblem p : v.problems()) {
                            problems.add(childPath + "." + ConfigUtil.joinPath(name) + "." + p.path() + " ("
                                    + GssConfig.describe(p.origin()) + "): " + p.problem());
                        }
                    }
                }
            } else if (!child.isEmpty()) {
                checkOpenMaps(merged, child, childPath, problems);
            }
        }
    }
}
