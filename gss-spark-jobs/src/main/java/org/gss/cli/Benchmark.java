package org.gss.cli;

import java.util.List;

/** One {@code gss bench <name>} benchmark. Register it in {@link BenchCommand#benchmarks()}. */
interface Benchmark {
    String name();

    /** One line for {@code gss bench --help}. */
    String summary();

    /** Its options (the bench command accepts the union of all benchmarks' options). */
    List<Flag> flags();

    int run(CommandContext ctx) throws Exception;
}
