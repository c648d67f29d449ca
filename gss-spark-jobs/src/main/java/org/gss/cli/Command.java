package org.gss.cli;

import java.util.List;

/** One {@code gss} command. Implementations are small: read typed settings, call library code, report. */
public interface Command {
    String name();

    /** One line for {@code gss help}. */
    String summary();

    /** Full text for {@code gss <command> --help} (usage, what it does, the config keys it reads). */
    String help();

    /** Whether the command uses ND4J (then the GPU generation check runs first, before ND4J loads). */
    default boolean usesBackend() {
        return true;
    }

    default List<Flag> flags() {
        return List.of();
    }

    /**
     * Builds and validates every typed settings record the command reads from {@code ctx}'s configuration, reading no
     * files and starting nothing; a problem is a {@link org.gss.config.ConfigError} naming the key. Commands call it
     * first, before Spark starts; {@code gss demo} calls it for every stage before running the first. Null for a
     * command without settings.
     */
    default Record settings(CommandContext ctx) {
        return null;
    }

    /** Runs the command; returns the exit code (0 ok). Throw UsageError/ConfigError for exit 2, anything else is 1. */
    int run(CommandContext ctx) throws Exception;
}
