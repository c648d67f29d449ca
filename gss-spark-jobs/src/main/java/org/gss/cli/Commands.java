package org.gss.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The registry of commands, in the order {@code gss help} lists them (pipeline order). Commands of other modules
 * (gss-bench's {@code bench}) are found with {@link ServiceLoader} ({@code META-INF/services/org.gss.cli.Command}) and
 * listed after {@code predict}, so this module does not depend on them and its jar runs without them.
 */
public final class Commands {
    private final List<Command> commands;

    private Commands(List<Command> commands) {
        this.commands = commands;
    }

    public static Commands all() {
        List<Command> list = new ArrayList<>();
        list.add(new ConfigCommand());
        list.add(new SynthCommand());
        list.add(new IndexCommand());
        list.add(new TokenizerCommand());
        list.add(new ReconstructCommand());
        list.add(new TrainCommand());
        list.add(new EvaluateCommand());
        list.add(new PredictCommand());
        list.addAll(plugins());
        list.add(new ModelCommand());
        list.add(new WeightsCommand());
        list.add(new TokenCacheCommand());
        list.add(new DemoCommand());
        return new Commands(List.copyOf(list));
    }

    /** Commands on the classpath, by name (the context class loader first: spark-submit's --jars live there). */
    static List<Command> plugins() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<Command> found = new ArrayList<>();
        ServiceLoader.load(Command.class, loader != null ? loader : Commands.class.getClassLoader())
                .forEach(found::add);
        found.sort(Comparator.comparing(Command::name));
        return found;
    }

    public Optional<Command> find(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<Command> list() {
        return commands;
    }

    public String overview() {
        StringBuilder sb = new StringBuilder();
        sb.append("gss: Generative Semantic Segmentation on Apache Spark\n\n");
        sb.append("usage: gss <command> [--config FILE] [--set key=value]... [options]\n");
        sb.append("       gss help <command>   (or gss <command> --help)\n\ncommands:\n");
        sb.append(String.format("  %-13s %s%n", "help", "list the commands, or describe one"));
        for (Command c : commands) {
            sb.append(String.format("  %-13s %s%n", c.name(), c.summary()));
        }
        sb.append("\nCommon options:\n");
        sb.append("  --config FILE        HOCON experiment file (e.g. conf/demo.conf); reference.conf supplies defaults\n");
        sb.append("  --variant NAME       apply the file's variants.NAME block (e.g. local: one-machine smoke run)\n");
        sb.append("  --set key=value      override one key (repeatable; wins over the file and -Dgss.* properties)\n");
        sb.append("Exit codes: 0 success, 2 usage or configuration error, 1 job failure.\n");
        return sb.toString();
    }

    public String helpOf(Command c) {
        StringBuilder sb = new StringBuilder();
        sb.append("gss ").append(c.name()).append(": ").append(c.summary()).append("\n\n");
        sb.append(c.help().strip()).append("\n");
        if (!c.flags().isEmpty()) {
            sb.append("\noptions:\n");
            for (Flag f : c.flags()) {
                String n = "--" + f.name() + (f.takesValue() ? " VALUE" : "");
                sb.append(String.format("  %-24s %s%n", n, f.help()));
            }
        }
        sb.append("  --config FILE            experiment file\n");
        sb.append("  --variant NAME           apply the file's variants.NAME block\n");
        sb.append("  --set key=value          override a config key (repeatable)\n");
        return sb.toString();
    }
}
