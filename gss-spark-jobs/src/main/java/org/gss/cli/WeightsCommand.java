package org.gss.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.gss.config.ConfigError;
import org.gss.data.image.BadInputException;
import org.gss.jobs.train.TrainSettings;
import org.gss.model.ModelConfig;
import org.gss.model.weights.WeightsConversion;

/**
 * {@code gss weights convert}: a PyTorch checkpoint (through {@code tools/pth_to_npz.py}) or an .npz with the
 * reference names → a validated .npz for {@code gss.model.pretrained} or {@code gss model features}.
 */
final class WeightsCommand implements Command {

    static final String SCRIPT = "tools/pth_to_npz.py";
    /** Debian's interpreter, which python3-torch serves (a python3 earlier on the PATH may lack torch). */
    static final String DEBIAN_PYTHON = "/usr/bin/python3";

    @Override
    public String name() {
        return "weights";
    }

    @Override
    public String summary() {
        return "converts a PyTorch checkpoint (ResNet v1c, Swin, GSS EncoderDecoder) to a validated .npz";
    }

    @Override
    public String help() {
        return """
                usage: gss weights convert --kind resnet-v1c|swin|gss --in FILE --out FILE.npz [--config FILE]

                FILE is a PyTorch checkpoint (.pth, .pt, .ckpt, .tar; converted by python3 tools/pth_to_npz.py, which
                needs PyTorch: Debian python3-torch for /usr/bin/python3; GSS_PYTHON names another interpreter) or an .npz with the
                reference state-dict names. Kinds: resnet-v1c (mmcv / open-mmlab layout: stem.*, layer1.0.conv1.weight,
                bn running stats, downsample.0/1; fc.* dropped), swin (the official Swin release keys or mmseg's
                converted keys), gss (a whole mmseg EncoderDecoder checkpoint: backbone.* + decode_head.*, the frozen
                dVAE dropped). The result is checked against the configured model (gss.model.backbone, depth,
                base-width, gss.model.swin; for gss also the head's gss.model.mla and aux-head sizes): another
                architecture is refused by name, and every tensor must load into our network (a missing, extra or
                mis-shaped tensor is an error naming it and both shapes). Writes --out atomically.
                """;
    }

    @Override
    public List<Flag> flags() {
        return List.of(Flag.value("kind", "resnet-v1c | swin | gss"), Flag.value("in", "checkpoint (.pth or .npz)"),
                Flag.value("out", "output .npz"));
    }

    @Override
    public int run(CommandContext ctx) throws Exception {
        List<String> pos = ctx.line().positional();
        if (pos.size() != 1 || !pos.get(0).equals("convert")) {
            throw new UsageError("expected the subcommand: convert");
        }
        WeightsConversion.Kind kind;
        try {
            kind = WeightsConversion.Kind.of(ctx.flag("kind").orElseThrow(() -> new UsageError("--kind is required")));
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        Path in = Path.of(ctx.flag("in").orElseThrow(() -> new UsageError("--in is required")));
        Path out = Path.of(ctx.flag("out").orElseThrow(() -> new UsageError("--out is required")));
        if (!out.getFileName().toString().endsWith(".npz")) {
            throw new UsageError("--out must name an .npz file, got " + out);
        }
        if (!Files.isRegularFile(in)) {
            throw new BadInputException(in.toString(), "checkpoint not found");
        }
        ModelConfig model = TrainSettings.from(ctx.config(), 1, 1).model();
        Path npz = in;
        Path tmp = null;
        if (!in.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            tmp = Files.createTempFile("gss-weights-", ".npz");
            runScript(kind, in, tmp, ctx);
            npz = tmp;
        }
        try {
            WeightsConversion.Result r = WeightsConversion.convert(kind, npz, out, model);
            ctx.out().printf("weights convert: %s%n  %d tensors, %,d values loaded and checked -> %s%n",
                    r.architecture(), r.tensors(), r.values(), out);
            if (!r.skipped().isEmpty()) {
                ctx.out().printf("  not needed by the model: %d (%s%s)%n", r.skipped().size(),
                        String.join(", ", r.skipped().subList(0, Math.min(3, r.skipped().size()))),
                        r.skipped().size() > 3 ? ", …" : "");
            }
            return Main.OK;
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void runScript(WeightsConversion.Kind kind, Path in, Path out, CommandContext ctx)
            throws IOException, InterruptedException {
        Path script = script();
        String python = System.getenv().getOrDefault("GSS_PYTHON",
                Files.isExecutable(Path.of(DEBIAN_PYTHON)) ? DEBIAN_PYTHON : "python3");
        Process p = new ProcessBuilder(python, script.toString(), "--kind", kind.id(), in.toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) {
            throw new BadInputException(in.toString(), "tools/pth_to_npz.py failed (exit " + code + "):\n" + log.strip());
        }
        ctx.out().print(log);
    }

    /** tools/pth_to_npz.py under GSS_HOME (bin/gss sets it), else from the working directory or its parent. */
    static Path script() {
        String home = System.getenv("GSS_HOME");
        for (Path p : new Path[] {home == null ? null : Path.of(home, SCRIPT), Path.of(SCRIPT), Path.of("..", SCRIPT)}) {
            if (p != null && Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new ConfigError("cannot find " + SCRIPT + " (set GSS_HOME to the gss installation)");
    }
}
