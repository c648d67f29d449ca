package org.gss.cli;

import java.io.PrintStream;
import java.util.Optional;
import org.gss.config.GssConfig;

/** What a command gets: its parsed command line, the loaded configuration (lazily), and where to print. */
public final class CommandContext {
    private final CommandLine line;
    private final PrintStream out;
    private GssConfig config;

    public CommandContext(CommandLine line, PrintStream out) {
        this.line = line;
        this.out = out;
    }

    public CommandLine line() {
        return line;
    }

    public PrintStream out() {
        return out;
    }

    /** The configuration: reference.conf files, then --config, -Dgss.*, --set; validated on first use. */
    public GssConfig config() {
        if (config == null) {
            config = GssConfig.load(line.config(), line.variant(), line.sets());
        }
        return config;
    }

    public Optional<String> flag(String name) {
        return line.flag(name);
    }
}
