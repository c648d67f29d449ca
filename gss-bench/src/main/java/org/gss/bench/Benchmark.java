package org.gss.bench;

import java.util.List;
import org.gss.cli.CommandContext;
import org.gss.cli.Flag;

/** One {@code gss bench <name>} benchmark. Register it in {@link BenchCommand#benchmarks()}. */
interface Benchmark {
    String name();

    /** One line for {@code gss bench --help}. */
    String summary();

    /** Its options (the bench command accepts the union of all benchmarks' options). */
    List<Flag> flags();

    int run(CommandContext ctx) throws Exception;
}
