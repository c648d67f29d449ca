package org.gss.data.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gss.config.GssConfig;

/**
 * The configuration of a test, built the way a user gives it: an optional experiment file and {@code --set key=value}
 * overrides (later ones win). It loads as {@link GssConfig} for jobs called directly and renders as command-line
 * arguments for commands run through the CLI, so both see the same settings. The one config builder of every
 * module's tests.
 */
public final class TestConfig {
    private final Optional<Path> file;
    private final List<String> sets;

    private TestConfig(Optional<Path> file, List<String> sets) {
        this.file = file;
        this.sets = List.copyOf(sets);
    }

    /** Reference defaults plus {@code sets} ({@code key=value}, HOCON values). */
    public static TestConfig of(String... sets) {
        return new TestConfig(Optional.empty(), Arrays.asList(sets));
    }

    /** Reference defaults plus {@code sets}. */
    public static TestConfig of(List<String> sets) {
        return new TestConfig(Optional.empty(), sets);
    }

    /** An experiment file (e.g. conf/demo.conf) plus {@code sets}. */
    public static TestConfig file(Path file, List<String> sets) {
        return new TestConfig(Optional.of(file), sets);
    }

    /** This configuration with more overrides after the present ones. */
    public TestConfig with(String... more) {
        return with(Arrays.asList(more));
    }

    /** This configuration with more overrides after the present ones. */
    public TestConfig with(List<String> more) {
        List<String> all = new ArrayList<>(sets);
        all.addAll(more);
        return new TestConfig(file, all);
    }

    /** This configuration with {@code key} set to {@code value} as a quoted string (paths, URIs). */
    public TestConfig with(String key, Object value) {
        return with(q(key, value));
    }

    /** {@code key="value"}: a string override, quoted for HOCON (paths with ':' and the like). */
    public static String q(String key, Object value) {
        return key + "=\"" + value + "\"";
    }

    /** The {@code key=value} overrides, in order. */
    public List<String> sets() {
        return sets;
    }

    public Optional<Path> file() {
        return file;
    }

    /** Loaded and validated as the CLI would load it (reference.conf, file, -Dgss.*, overrides). */
    public GssConfig load() {
        return GssConfig.load(file, sets);
    }

    /** Command-line arguments after the command: {@code [--config FILE] --set k=v ...}. */
    public List<String> args() {
        List<String> a = new ArrayList<>();
        file.ifPresent(f -> {
            a.add("--config");
            a.add(f.toString());
        });
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a;
    }
}
