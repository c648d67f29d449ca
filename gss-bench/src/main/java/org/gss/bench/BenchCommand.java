package org.gss.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gss.cli.Command;
import org.gss.cli.CommandContext;
import org.gss.cli.Flag;
import org.gss.cli.UsageError;

/**
 * {@code gss bench <benchmark>}: micro-benchmarks of the system's hot kernels; the first argument picks one. Found by
 * gss-spark-jobs' command registry through ServiceLoader ({@code META-INF/services/org.gss.cli.Command}).
 */
public final class BenchCommand implements Command {
    /** The benchmarks, by name. Add one line per benchmark. */
    static List<Benchmark> benchmarks() {
        List<Benchmark> list = new ArrayList<>();
        list.add(new MetricsBenchmark());
        list.add(new TokenizerBench());
        list.add(new TrainBench());
        list.add(new TokenCacheBenchmark());
        return list;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "benchmarks: bench metrics (confusion accumulation vs numpy), bench tokenizer (dVAE encoder vs"
                + " PyTorch), bench train (Stage II step: cached/online targets, averaging overhead, paper size), bench"
                + " token-cache (= token-cache bench)";
    }

    @Override
    public String help() {
        StringBuilder sb = new StringBuilder("usage: gss bench <benchmark> [options]\n\nBenchmarks:\n");
        for (Benchmark b : benchmarks()) {
            sb.append(String.format("  %-12s %s%n", b.name(), b.summary()));
        }
        return sb.toString();
    }

    @Override
    public List<Flag> flags() {
        Map<String, Flag> union = new LinkedHashMap<>();
        benchmarks().forEach(b -> b.flags().forEach(f -> union.putIfAbsent(f.name(), f)));
        return List.copyOf(union.values());
    }

    @Override
    public int run(CommandContext ctx) throws Exception {
        List<String> args = ctx.line().positional();
        List<String> names = benchmarks().stream().map(Benchmark::name).toList();
        if (args.size() != 1) {
            throw new UsageError("name one benchmark: " + String.join(" | ", names));
        }
        Benchmark b = benchmarks().stream().filter(x -> x.name().equals(args.get(0))).findFirst()
                .orElseThrow(() -> new UsageError("unknown benchmark '" + args.get(0) + "'; known: " + names));
        for (Flag flag : flags()) {
            // by name: benchmarks share option names (--warmup) with their own help texts
            if (ctx.line().has(flag.name()) && b.flags().stream().noneMatch(f -> f.name().equals(flag.name()))) {
                throw new UsageError("--" + flag.name() + " is not an option of bench " + b.name());
            }
        }
        return b.run(ctx);
    }
}
