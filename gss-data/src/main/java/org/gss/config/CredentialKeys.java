package org.gss.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one rule for "this key names a credential", for config keys of any Hadoop/Spark connector and for environment
 * variable names: a key is split into words (at {@code . - _} and camelCase) and is a credential when a word contains
 * {@code secret}, {@code password}, {@code passwd}, {@code passphrase} or {@code credential}; a segment ends in
 * {@code token}; a word is {@code sas}; {@code key} follows {@code private}, {@code access}, {@code api} or
 * {@code secret}; or {@code key} ends a segment (or precedes {@code sha}/{@code hash}) under an account, auth,
 * encryption, storage or client scope ({@code fs.azure.account.key.<acct>}, {@code fs.s3a.encryption.key},
 * {@code fs.azure.encryption.encoded.client-provided-key-sha}). Config files are refused when they carry such a key
 * ({@link ConfigValidator}); recorded configurations are passed through {@link #redact} first.
 */
public final class CredentialKeys {
    /** What a redacted value reads as. */
    public static final String REDACTED = "***redacted***";

    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
    private static final Pattern URI_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/:@\\s]*:)([^/@\\s]+)@");
    private static final Set<String> KEY_PREFIXES = Set.of("private", "access", "api", "secret");
    private static final Set<String> KEY_SCOPES = Set.of("account", "auth", "encryption", "encrypted", "sse",
            "storage", "client", "oauth", "oauth2", "ssl", "signing");
    /** Environment values shorter than this are not searched for in recorded text (too likely to occur by chance). */
    private static final int MIN_SECRET_LENGTH = 6;

    private CredentialKeys() {
    }

    /** Whether a config key (dotted, quotes allowed) or environment variable name names a credential. */
    public static boolean isCredential(String key) {
        List<String> words = new ArrayList<>();
        List<Boolean> segmentEnd = new ArrayList<>();
        for (String segment : key.replace("\"", "").split("\\.")) {
            String[] parts = segment.split("[-_\\s]+");
            for (int p = 0; p < parts.length; p++) {
                String[] camel = CAMEL.split(parts[p]);
                for (int c = 0; c < camel.length; c++) {
                    if (!camel[c].isEmpty()) {
                        words.add(camel[c].toLowerCase(Locale.ROOT));
                        segmentEnd.add(p == parts.length - 1 && c == camel.length - 1);
                    }
                }
            }
        }
        boolean scoped = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.contains("secret") || w.contains("password") || w.contains("passwd") || w.contains("passphrase")
                    || w.contains("credential") || w.equals("sas")) {
                return true;
            }
            if ((w.endsWith("token") || w.equals("tokens")) && segmentEnd.get(i)) {
                return true;
            }
            if (w.equals("key")) {
                if (i > 0 && KEY_PREFIXES.contains(words.get(i - 1))) {
                    return true;
                }
                String next = i + 1 < words.size() ? words.get(i + 1) : "";
                if (scoped && (segmentEnd.get(i) || next.equals("sha") || next.equals("hash"))) {
                    return true;
                }
            }
            scoped |= KEY_SCOPES.contains(w);
        }
        return false;
    }

    /**
     * The configuration as it may be recorded (metrics.json, checkpoint.json, {@code gss config}): values under
     * credential keys, the value of every credential-named environment variable wherever a {@code ${?ENV}}
     * substitution (or anything else) copied it, and passwords in {@code scheme://user:password@host} URIs are
     * replaced by {@link #REDACTED}. Origins are kept.
     */
    public static Config redact(Config config, Map<String, String> environment) {
        List<String> secrets = environment.entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue().length() >= MIN_SECRET_LENGTH && isCredential(e.getKey()))
                .map(Map.Entry::getValue).distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        Config out = config;
        for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
            ConfigValue v = e.getValue();
            ConfigValue r = isCredential(e.getKey()) ? ConfigValueFactory.fromAnyRef(REDACTED).withOrigin(v.origin())
                    : redactValue(v, secrets);
            if (r != v) {
                out = out.withValue(e.getKey(), r);
            }
        }
        return out;
    }

    /** {@link #redact(Config, Map)} against this process's environment. */
    public static Config redact(Config config) {
        return redact(config, System.getenv());
    }

    private static ConfigValue redactValue(ConfigValue v, List<String> secrets) {
        if (v.valueType() == ConfigValueType.STRING) {
            String s = (String) v.unwrapped();
            String r = redactText(s, secrets);
            return r.equals(s) ? v : ConfigValueFactory.fromAnyRef(r).withOrigin(v.origin());
        }
        if (v instanceof ConfigList list) {
            List<Object> items = new ArrayList<>();
            boolean changed = false;
            for (ConfigValue item : list) {
                ConfigValue r = redactValue(item, secrets);
                changed |= r != item;
                items.add(r.unwrapped());
            }
            return changed ? ConfigValueFactory.fromIterable(items).withOrigin(v.origin()) : v;
        }
        return v;
    }

    static String redactText(String s, List<String> secrets) {
        String r = s;
        for (String secret : secrets) {
            r = r.replace(secret, REDACTED);
        }
        return URI_PASSWORD.matcher(r).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + REDACTED + "@"));
    }
}
