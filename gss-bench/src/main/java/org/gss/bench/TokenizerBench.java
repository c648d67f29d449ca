package org.gss.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gss.bench.tokenizer.TokenizerBenchmark;
import org.gss.cli.CommandContext;
import org.gss.cli.Flag;
import org.gss.cli.Main;
import org.gss.cli.UsageError;

/** {@code gss bench tokenizer}: dVAE encoder throughput vs the PyTorch implementation of the same network. */
final class TokenizerBench implements Benchmark {
    @Override
    public String name() {
        return "tokenizer";
    }

    @Override
    public String summary() {
        return "dVAE encoder images/s and GFLOP/s (small and full config, 256 and 512 px) vs PyTorch, same weights";
    }

    @Override
    public List<Flag> flags() {
        return List.of(Flag.value("threads", "CPU threads for both sides (default: all cores)"),
                Flag.value("warmup", "warm-up passes (default 4)"),
                Flag.value("repeat", "measured passes; the median is reported (default 5)"),
                Flag.value("python", "python with torch for the baseline (default /usr/bin/python3)"),
                Flag.bool("no-torch", "skip the PyTorch baseline"));
    }

    @Override
    public int run(CommandContext ctx) throws Exception {
        int threads = Integer.parseInt(ctx.flag("threads").orElse(
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        Path script = null;
        if (!ctx.line().has("no-torch")) {
            String home = System.getenv().getOrDefault("GSS_HOME", ".");
            script = Path.of(home, "tools", "bench", "dvae_encoder_torch.py");
            if (!Files.isRegularFile(script)) {
                throw new UsageError("PyTorch baseline script not found at " + script + " (run from the project"
                        + " folder, or pass --no-torch)");
            }
        }
        new TokenizerBenchmark(threads, Integer.parseInt(ctx.flag("warmup").orElse("4")),
                Integer.parseInt(ctx.flag("repeat").orElse("5")), ctx.flag("python").orElse("/usr/bin/python3"), script,
                ctx.out()).run(TokenizerBenchmark.defaultCases());
        return Main.OK;
    }
}
