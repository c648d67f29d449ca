package org.gss.bench;

import java.util.List;
import org.gss.cli.CommandContext;
import org.gss.cli.Flag;
import org.gss.cli.Main;
import org.gss.jobs.SparkRuntime;
import org.gss.jobs.cache.TokenCacheBench;
import org.gss.jobs.cache.TokenCacheSettings;

/**
 * {@code gss bench token-cache} (also spelled {@code gss token-cache bench}): crop consistency, Stage I reconstruction
 * mIoU and storage of a token-cache version ({@link TokenCacheBench}).
 */
final class TokenCacheBenchmark implements Benchmark {
    @Override
    public String name() {
        return "token-cache";
    }

    @Override
    public String summary() {
        return "a token-cache version: crop consistency (cached crop vs encoding the crop), Stage-I reconstruction"
                + " mIoU, storage";
    }

    @Override
    public List<Flag> flags() {
        return List.of(Flag.value("version", "token-cache: the version to measure (default: CURRENT)"));
    }

    @Override
    public int run(CommandContext ctx) {
        TokenCacheSettings s = TokenCacheSettings.from(ctx.config());
        try (SparkRuntime.Handle h = SparkRuntime.open(ctx.config(), "token-cache bench")) {
            ctx.out().println(TokenCacheBench.run(h.spark(), s, ctx.flag("version")).message());
            return Main.OK;
        }
    }
}
