package org.gss.cli;

import org.gss.config.GssConfig;

/** {@code gss config}: prints the resolved configuration with the origin of every value. */
final class ConfigCommand implements Command {
    @Override
    public String name() {
        return "config";
    }

    @Override
    public boolean usesBackend() {
        return false;
    }

    @Override
    public String summary() {
        return "print the resolved configuration with the origin of each value";
    }

    @Override
    public String help() {
        return """
                usage: gss config [--config FILE] [--set key=value]...

                Loads every module's reference.conf (defaults), then FILE, then -Dgss.* system properties, then --set
                overrides, validates the result (unknown keys, types, ranges) and prints the gss tree as HOCON. Each
                value is preceded by a comment naming where it came from (file and line, --set, or reference.conf).
                The last line is the configuration hash that artifacts record.
                """;
    }

    @Override
    public int run(CommandContext ctx) {
        GssConfig cfg = ctx.config();
        ctx.out().print(cfg.renderWithOrigins());
        ctx.out().println("# config hash: " + cfg.hash());
        return Main.OK;
    }
}
