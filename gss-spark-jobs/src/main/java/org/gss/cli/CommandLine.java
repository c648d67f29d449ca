package org.gss.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed arguments: {@code gss <command> [positional...] [--config FILE] [--set key=value]... [--flag [value]]...}.
 * The same syntax under bin/gss and spark-submit.
 */
public final class CommandLine {
    private final String command;
    private final List<String> positional;
    private final Optional<Path> config;
    private final List<String> sets;
    private final Optional<String> variant;
    private final Map<String, String> flags;
    private final boolean help;

    private CommandLine(String command, List<String> positional, Optional<Path> config, List<String> sets,
            Optional<String> variant, Map<String, String> flags, boolean help) {
        this.variant = variant;
        this.command = command;
        this.positional = positional;
        this.config = config;
        this.sets = sets;
        this.flags = flags;
        this.help = help;
    }

    /** Parses everything after the command name, checking flags against the command's declared ones. */
    public static CommandLine parse(String command, List<String> rest, List<Flag> known) {
        List<String> positional = new ArrayList<>();
        Optional<Path> config = Optional.empty();
        List<String> sets = new ArrayList<>();
        Map<String, String> flags = new LinkedHashMap<>();
        Optional<String> variant = Optional.empty();
        boolean help = false;
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                help = true;
            } else if (a.equals("--config") || a.startsWith("--config=")) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : valueAfter(rest, i++, a);
                if (config.isPresent()) {
                    throw new UsageError("--config given twice");
                }
                config = Optional.of(Path.of(v));
            } else if (a.equals("--variant") || a.startsWith("--variant=")) {
                variant = Optional.of(a.contains("=") ? a.substring(a.indexOf('=') + 1) : valueAfter(rest, i++, a));
            } else if (a.equals("--set") || a.startsWith("--set=")) {
                sets.add(a.startsWith("--set=") ? a.substring(6) : valueAfter(rest, i++, a));
            } else if (a.startsWith("--")) {
                String name = a.substring(2);
                String inline = null;
                if (name.contains("=")) {
                    inline = name.substring(name.indexOf('=') + 1);
                    name = name.substring(0, name.indexOf('='));
                }
                final String n = name;
                Flag f = known.stream().filter(k -> k.name().equals(n)).findFirst()
                        .orElseThrow(() -> new UsageError("unknown option --" + n + " for '" + command + "'"));
                if (f.takesValue()) {
                    flags.put(name, inline != null ? inline : valueAfter(rest, i++, a));
                } else {
                    if (inline != null) {
                        throw new UsageError("option --" + name + " takes no value");
                    }
                    flags.put(name, "true");
                }
            } else {
                positional.add(a);
            }
        }
        return new CommandLine(command, Collections.unmodifiableList(positional), config,
                Collections.unmodifiableList(sets), variant, Collections.unmodifiableMap(flags), help);
    }

    private static String valueAfter(List<String> rest, int i, String flag) {
        if (i + 1 >= rest.size() || rest.get(i + 1).startsWith("--")) {
            throw new UsageError(flag + " needs a value");
        }
        return rest.get(i + 1);
    }

    /** The same options under another command with other positional arguments (a command handing over to another). */
    public CommandLine forCommand(String otherCommand, List<String> otherPositional) {
        return new CommandLine(otherCommand, List.copyOf(otherPositional), config, sets, variant, flags, help);
    }

    public String command() {
        return command;
    }

    public List<String> positional() {
        return positional;
    }

    public Optional<Path> config() {
        return config;
    }

    public List<String> sets() {
        return sets;
    }

    public Optional<String> variant() {
        return variant;
    }

    public boolean help() {
        return help;
    }

    public boolean has(String flag) {
        return flags.containsKey(flag);
    }

    public Optional<String> flag(String name) {
        return Optional.ofNullable(flags.get(name));
    }
}
