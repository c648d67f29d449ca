package org.gss.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.gss.config.ConfigReference;
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
                       gss config --reference [--write FILE]

                Loads every module's reference.conf (defaults), then FILE, then -Dgss.* system properties, then --set
                overrides, validates the result (unknown keys, types, ranges) and prints the gss tree as HOCON. Each
                value is preceded by a comment naming where it came from (file and line, --set, or reference.conf).
                The last line is the configuration hash that artifacts record.

                --reference prints every key with its default and description as Markdown tables, generated from the
                reference.conf files; with --write FILE it replaces the generated block of FILE (README.md) instead.
                """;
    }

    @Override
    public List<Flag> flags() {
        return List.of(Flag.bool("reference", "print the key reference (Markdown) generated from reference.conf"),
                Flag.value("write", "with --reference: replace the generated block of this file"));
    }

    @Override
    public int run(CommandContext ctx) throws Exception {
        if (ctx.flag("reference").isPresent()) {
            String md = ConfigReference.markdown();
            if (ctx.flag("write").isEmpty()) {
                ctx.out().print(md);
                return Main.OK;
            }
            Path file = Path.of(ctx.flag("write").get());
            String doc;
            try {
                doc = Files.readString(file, StandardCharsets.UTF_8);
                Files.writeString(file, ConfigReference.withBlock(doc, md), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException | java.io.IOException e) {
                throw new UsageError("--write " + file + ": " + e.getMessage());
            }
            ctx.out().println("config: reference written to " + file);
            return Main.OK;
        }
        GssConfig cfg = ctx.config();
        ctx.out().print(cfg.renderWithOrigins());
        ctx.out().println("# config hash: " + cfg.hash());
        return Main.OK;
    }
}
