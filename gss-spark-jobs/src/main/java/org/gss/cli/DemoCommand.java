package org.gss.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gss.config.ConfigError;

/**
 * {@code gss demo}: the whole pipeline on one machine with embedded Spark and generated data, stage by stage, each
 * stage a normal gss command on the same configuration (conf/demo.conf unless --config says otherwise). Re-running
 * reuses what is already built.
 */
final class DemoCommand implements Command {
    /** The stages, in order; each is the command of that name. */
    static final List<List<String>> STAGES = List.of(List.of("synth"), List.of("index"), List.of("tokenizer", "train"),
            List.of("token-cache", "build"), List.of("train"), List.of("evaluate"));

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "run the pipeline end to end on embedded Spark with a small synthetic multi-domain dataset";
    }

    @Override
    public String help() {
        return """
                usage: gss demo [--config FILE] [--set key=value]...

                Runs, with conf/demo.conf by default: synth (a small multi-domain dataset in the MSeg-style layout),
                index (the sample manifest), tokenizer train (the project's VQ maskige tokenizer), token-cache build
                (the token targets of every view), train (Stage II on embedded Spark with 2 workers, resumable) and
                evaluate (per-domain mIoU, harmonic mean, image-blind baseline, HTML report). Every stage is the gss
                command of the same name on the same configuration, so any stage can be re-run alone; re-running
                reuses the tokenizer, the token cache and the checkpoints.
                Outputs go under gss.work-dir (work/demo).
                """;
    }

    @Override
    public int run(CommandContext ctx) throws Exception {
        CommandLine line = ctx.line();
        Optional<Path> config = line.config().or(DemoCommand::defaultConfig);
        if (config.isEmpty()) {
            throw new ConfigError("conf/demo.conf not found: run from the project folder, or pass --config FILE");
        }
        Commands commands = Commands.all();
        List<CommandContext> stages = new ArrayList<>();
        for (List<String> stage : STAGES) {
            Command c = commands.find(stage.get(0)).orElseThrow();
            CommandContext stageCtx = new CommandContext(CommandLine.parse(stage.get(0), stageArgs(stage, config.get(),
                    line), c.flags()), ctx.out());
            c.settings(stageCtx); // every stage's settings are valid before the first stage starts Spark
            stages.add(stageCtx);
        }
        long start = System.nanoTime();
        for (int i = 0; i < STAGES.size(); i++) {
            String stage = STAGES.get(i).get(0);
            ctx.out().printf("== demo stage %d/%d: %s%n", i + 1, STAGES.size(), String.join(" ", STAGES.get(i)));
            Command c = commands.find(stage).orElseThrow();
            int code = c.run(stages.get(i));
            if (code != Main.OK) {
                ctx.out().printf("demo: stage %s failed (exit %d)%n", stage, code);
                return code;
            }
        }
        ctx.out().printf(Locale.ROOT, "demo: done in %.1f s (config %s)%n", (System.nanoTime() - start) / 1e9,
                config.get());
        return Main.OK;
    }

    /** The command line of one stage: its subcommand, then the demo's --config, --variant and --set. */
    private static List<String> stageArgs(List<String> stageCommand, Path config, CommandLine line) {
        List<String> args = new ArrayList<>(stageCommand.subList(1, stageCommand.size()));
        args.add("--config");
        args.add(config.toString());
        line.variant().ifPresent(v -> {
            args.add("--variant");
            args.add(v);
        });
        if (stageCommand.get(0).equals("train")) {
            args.add("--resume"); // re-running the demo continues (or skips) training
        }
        for (String s : line.sets()) {
            args.add("--set");
            args.add(s);
        }
        return args;
    }

    /** conf/demo.conf under the project (GSS_HOME, set by bin/gss) or the working directory. */
    static Optional<Path> defaultConfig() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getenv("GSS_HOME");
        if (home != null) {
            candidates.add(Path.of(home, "conf", "demo.conf"));
        }
        candidates.add(Path.of("conf", "demo.conf"));
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }
}
