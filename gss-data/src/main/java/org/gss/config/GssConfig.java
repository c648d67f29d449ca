package org.gss.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The resolved, validated configuration of one run: every {@code reference.conf} on the classpath (the defaults, one
 * per module), then the experiment file, then {@code -Dgss.*} system properties, then {@code --set key=value}
 * overrides, later ones winning. Validated once at start-up by {@link ConfigValidator}; jobs then read typed settings
 * from {@link #root()}.
 */
public final class GssConfig {
    private final Config config;
    private final Optional<Path> file;
    /** What artifacts and {@code gss config} show: {@code config} with credentials redacted ({@link CredentialKeys}). */
    private final Config recorded;

    private GssConfig(Config config, Optional<Path> file) {
        this.config = config;
        this.file = file;
        this.recorded = CredentialKeys.redact(config.withOnlyPath("gss"));
    }

    /** Loads, merges and validates. Throws {@link ConfigError} naming key, file and line on any problem. */
    public static GssConfig load(Optional<Path> file, List<String> sets) {
        return load(file, Optional.empty(), sets);
    }

    /**
     * As {@link #load(Optional, List)}, with a named variant of the file applied over it: the block
     * {@code variants.<name> { gss { ... } }} of the experiment file (e.g. {@code local}, which shrinks a cluster
     * experiment to a one-machine smoke run).
     */
    public static GssConfig load(Optional<Path> file, Optional<String> variant, List<String> sets) {
        Config reference = reference();
        Config user = userLayers(file, variant, sets);
        Config merged;
        try {
            merged = user.withFallback(reference).resolve();
        } catch (ConfigException e) {
            throw new ConfigError("configuration cannot be resolved: " + e.getMessage(), e);
        }
        // Every path of the merged tree that reference.conf lacks came from the user: validate the resolved tree.
        ConfigValidator.validate(merged, reference);
        ConfigValidator.checkTypes(merged, reference);
        return new GssConfig(merged, file);
    }

    /** Defaults only (tests, tools). */
    public static GssConfig defaults() {
        return load(Optional.empty(), List.of());
    }

    /** All reference.conf files of the classpath, merged, unresolved. */
    static Config reference() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return ConfigFactory.parseResourcesAnySyntax(cl != null ? cl : GssConfig.class.getClassLoader(), "reference.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /** The layers a user controls: --set over -D over the file (unresolved: substitutions may point at defaults). */
    static Config userLayers(Optional<Path> file, Optional<String> variant, List<String> sets) {
        Config fileLayer = ConfigFactory.empty();
        if (file.isPresent()) {
            Path p = file.get();
            if (!Files.isRegularFile(p)) {
                throw new ConfigError("config file not found: " + p);
            }
            try {
                fileLayer = ConfigFactory.parseFile(p.toFile(), StrictIncluder.options());
            } catch (ConfigException e) {
                throw new ConfigError("cannot parse config file " + p + ": " + e.getMessage(), e);
            }
        }
        // parsed fresh each time: ConfigFactory.systemProperties() is cached for the life of the JVM
        if (variant.isPresent()) {
            String v = variant.get();
            if (file.isEmpty()) {
                throw new ConfigError("--variant " + v + " needs --config FILE");
            }
            String key = "variants." + com.typesafe.config.ConfigUtil.joinPath(v);
            if (!fileLayer.hasPath(key)) {
                Set<String> known = fileLayer.hasPath("variants") ? fileLayer.getObject("variants").keySet() : Set.of();
                throw new ConfigError("variant '" + v + "' is not defined in " + file.get() + " (defined: " + known + ")");
            }
            fileLayer = fileLayer.getConfig(key).withFallback(fileLayer);
        }
        fileLayer = fileLayer.withoutPath("variants");
        Config props = ConfigFactory.parseProperties(System.getProperties(),
                ConfigParseOptions.defaults().setOriginDescription("system property"));
        Config sysLayer = props.hasPath("gss") ? props.withOnlyPath("gss") : ConfigFactory.empty();
        Config setLayer = ConfigFactory.empty();
        for (String s : sets) {
            setLayer = parseSet(s).withFallback(setLayer);
        }
        return setLayer.withFallback(sysLayer).withFallback(fileLayer);
    }

    private static Config parseSet(String s) {
        int eq = s.indexOf('=');
        if (eq <= 0) {
            throw new ConfigError("--set expects key=value, got: " + s);
        }
        String key = s.substring(0, eq).trim();
        String value = s.substring(eq + 1);
        try {
            return ConfigFactory.parseString(key + " = " + quoteIfNeeded(value),
                    ConfigParseOptions.defaults().setOriginDescription("--set " + key));
        } catch (ConfigException e) {
            throw new ConfigError("--set " + s + ": " + e.getMessage(), e);
        }
    }

    /** Values that HOCON cannot parse bare (paths with ':' etc.) are taken as strings. */
    private static String quoteIfNeeded(String v) {
        try {
            ConfigFactory.parseString("x = " + v).resolve(ConfigResolveOptions.noSystem());
            return v;
        } catch (ConfigException e) {
            return com.typesafe.config.ConfigValueFactory.fromAnyRef(v).render(ConfigRenderOptions.concise());
        }
    }

    public Config root() {
        return config;
    }

    /** The {@code gss} subtree with credentials redacted ({@link CredentialKeys}): for anything an artifact records. */
    public Config recorded() {
        return recorded;
    }

    /** The {@code gss} subtree. */
    public Config gss() {
        return config.getConfig("gss");
    }

    public Optional<Path> file() {
        return file;
    }

    /**
     * HOCON text of the {@code gss} subtree, with an origin comment (file: line, --set, reference.conf) per value;
     * credentials redacted.
     */
    public String renderWithOrigins() {
        return recorded.root().render(ConfigRenderOptions.defaults().setOriginComments(true)
                .setComments(false).setJson(false).setFormatted(true));
    }

    /** Canonical JSON of the {@code gss} subtree with credentials redacted: the text artifacts record. */
    public String canonicalJson() {
        return recorded.root().render(ConfigRenderOptions.concise().setFormatted(false));
    }

    /** SHA-256 of {@link #canonicalJson()}, hex. */
    public String hash() {
        return sha256(canonicalJson());
    }

    /** Where a key's value came from, e.g. {@code conf/demo.conf: 12}, {@code --set gss.x}, {@code reference.conf: 3}. */
    public String origin(String path) {
        return describe(config.getValue(path).origin());
    }

    static String describe(ConfigOrigin o) {
        if (o == null) {
            return "unknown origin";
        }
        String d = o.description();
        return d == null ? "unknown origin" : d;
    }

    static String describe(ConfigValue v) {
        return describe(v.origin());
    }

    public static String sha256(String text) {
        return sha256Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Bytes(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "GssConfig(" + file.map(Path::toString).orElse("defaults") + ", " + Objects.hash(config) + ")";
    }

    /** Entries of an open map such as {@code gss.evaluate.datasets}, each merged over its {@code "*"} template. */
    public Map<String, Config> openMap(String path) {
        Config m = config.getConfig(path);
        Config template = m.hasPath("\"*\"") ? m.getConfig("\"*\"") : ConfigFactory.empty();
        Map<String, Config> out = new java.util.TreeMap<>();
        for (String k : m.root().keySet()) {
            if (!k.equals("*")) {
                out.put(k, m.getConfig(com.typesafe.config.ConfigUtil.joinPath(k)).withFallback(template));
            }
        }
        return out;
    }
}
