package org.gss.cli;

import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.gss.jobs.SparkRuntime;
import org.gss.jobs.cache.TokenCacheBuild;
import org.gss.jobs.cache.TokenCacheGc;
import org.gss.jobs.cache.TokenCacheSettings;
import org.gss.jobs.cache.TokenCacheStatus;
import org.gss.jobs.cache.TokenCacheVerify;
import org.gss.store.CacheLock;
import org.gss.store.CachePaths;

/** {@code gss token-cache build | status | verify | gc | bench}. */
public final class TokenCacheCommand implements Command {
    private static final List<String> ACTIONS = List.of("build", "status", "verify", "gc", "bench");

    @Override
    public String name() {
        return "token-cache";
    }

    @Override
    public String summary() {
        return "Spark job: build, check and clean the versioned token cache (tokens per sample and view)";
    }

    @Override
    public String help() {
        return """
                usage: gss token-cache build [--pseudo-labels nearest|CHECKPOINT] [--break-lock|--force-break-lock] [--config FILE]...
                       gss token-cache status | verify [--version ID] | gc [--dry-run] | bench [--version ID]

                build   encodes, for every sample of the manifest (gss.token-cache.manifest) and every view (ratio in
                        gss.token-cache.scales x flip), the maskige's token map and the per-token label coverage,
                        computing only entries no existing segment has (same sample bytes, palette, tokenizer weights,
                        base size, label mapping, pseudo-label source). One Spark task per manifest shard writes one
                        segment file atomically; the version JSON and CURRENT are written last, so a killed build
                        leaves no partial version and the next one resumes. With nothing to do it says
                        "cache up to date". --pseudo-labels fills unlabeled pixels first and re-encodes only the
                        samples that have unlabeled pixels (fully labeled ones share the ground-truth entries):
                        nearest fills from the nearest labeled pixel; CHECKPOINT (a gss train run folder, i.e. its
                        latest checkpoint, a checkpoint folder or its model.zip) fills with the auxiliary head's
                        argmax, the image run at its own resolution (gss.token-cache.pseudo-inference: whole |
                        slide); the version's key names the checkpoint folder and the SHA-256 of its model.zip.
                status  versions, their keys and sizes, which is current and whether it is stale.
                verify  re-reads a version: counts, every entry's CRC32, and re-encodes gss.token-cache.verify-samples
                        entries (pseudo-labeled ones with the same fill; a checkpoint must still have its SHA-256);
                        exit code 1 on any problem.
                gc      removes versions beyond gss.token-cache.keep-versions (never the current one) and segment
                        files no kept version uses.
                bench   crop consistency (cached crop vs encoding the crop), Stage-I reconstruction mIoU, storage.

                A second build or gc on the same cache fails naming the lock's holder (or waits
                gss.token-cache.lock-wait seconds). Keys: gss.token-cache.* (root, manifest, scales, base-size, flip,
                pseudo-labels, pseudo-inference.*, keep-versions, verify-*, lock-wait, bench.*), gss.dataset,
                gss.maskige, gss.tokenizer.
                Details: docs/token-cache.md.
                """;
    }

    @Override
    public List<Flag> flags() {
        return List.of(Flag.value("pseudo-labels",
                "build: fill unlabeled pixels (nearest | Stage II checkpoint: run folder, checkpoint folder, model.zip)"),
                Flag.value("version", "verify/bench: the version to check (default: CURRENT)"),
                Flag.bool("dry-run", "gc: list what would be removed"),
                Flag.bool("break-lock", "build/gc: remove a stale lock of a killed run first (refused while its holder"
                        + " runs on this host)"),
                Flag.bool("force-break-lock", "build/gc: remove the lock even though its holder runs on this host"));
    }

    /** {@code --pseudo-labels} overrides {@code gss.token-cache.pseudo-labels}. */
    @Override
    public TokenCacheSettings settings(CommandContext ctx) {
        TokenCacheSettings s = TokenCacheSettings.from(ctx.config());
        return ctx.flag("pseudo-labels").map(s::withPseudoLabels).orElse(s);
    }

    @Override
    public int run(CommandContext ctx) throws Exception {
        List<String> pos = ctx.line().positional();
        if (pos.size() != 1 || !ACTIONS.contains(pos.get(0))) {
            throw new UsageError("expected one action: " + String.join(", ", ACTIONS) + (pos.isEmpty() ? ""
                    : ", got " + pos));
        }
        String action = pos.get(0);
        boolean force = ctx.line().has("force-break-lock");
        boolean breakLock = ctx.line().has("break-lock") || force;
        if (breakLock && !action.equals("build") && !action.equals("gc")) {
            throw new UsageError("--break-lock applies to build and gc");
        }
        if (action.equals("bench")) {
            // the benchmark lives in gss-bench (gss bench token-cache); this spelling stays for users
            Command bench = Commands.all().find("bench").orElseThrow(() -> new UsageError("token-cache bench needs"
                    + " the gss-bench module on the classpath (bin/gss adds it; with spark-submit, add its jar to"
                    + " --jars)"));
            return bench.run(new CommandContext(ctx.line().forCommand("bench", List.of("token-cache")), ctx.out()));
        }
        TokenCacheSettings s = settings(ctx);
        Optional<String> version = ctx.flag("version");
        try (SparkRuntime.Handle h = SparkRuntime.open(ctx.config(), "token-cache " + action)) {
            Configuration conf = h.spark().sparkContext().hadoopConfiguration();
            if (breakLock) {
                CacheLock.breakLock(CachePaths.of(s.root(), conf).lock(), conf, force)
                        .ifPresent(holder -> ctx.out().println("token-cache: removed the lock held by " + holder));
            }
            switch (action) {
                case "build" -> {
                    TokenCacheBuild.Result r = TokenCacheBuild.run(h.spark(),
                            s, ctx.config().hash());
                    ctx.out().println(r.message());
                    r.skipped().stream().limit(10).forEach(k -> ctx.out().printf("  skipped %s/%s/%s: %s%n",
                            k.dataset(), k.split(), k.id(), k.reason()));
                    return Main.OK;
                }
                case "status" -> {
                    ctx.out().print(TokenCacheStatus.run(conf, s).render());
                    return Main.OK;
                }
                case "verify" -> {
                    TokenCacheVerify.Report r = TokenCacheVerify.run(h.spark(), s, version);
                    ctx.out().println(r.message());
                    return r.ok() ? Main.OK : Main.FAILED;
                }
                case "gc" -> {
                    ctx.out().println(TokenCacheGc.run(conf, s, ctx.line().has("dry-run")).message());
                    return Main.OK;
                }
                default -> throw new IllegalStateException(action);
            }
        }
    }
}
