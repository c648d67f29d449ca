package org.gss.cli;

import java.nio.file.Path;
import org.gss.config.Settings;
import org.gss.data.synth.SynthSettings;
import org.gss.data.synth.SynthSpec;
import org.gss.data.synth.SynthSummary;
import org.gss.data.synth.SyntheticDatasetWriter;

/** {@code gss synth}: a synthetic dataset in a real on-disk layout (no Spark needed: it is a local file writer). */
final class SynthCommand implements Command {
    @Override
    public String name() {
        return "synth";
    }

    @Override
    public boolean usesBackend() {
        return false;
    }

    @Override
    public String summary() {
        return "write a synthetic dataset in the Cityscapes, ADE20K or MSeg-style layout";
    }

    @Override
    public String help() {
        return """
                usage: gss synth [--config FILE] [--set gss.synth.KEY=VALUE]...

                Writes images and label maps that a model can learn (scene-like regions, per-class colour and texture,
                lighting changes, noise, a share of unlabeled pixels, per-domain appearance shifts) in the exact layout
                of the real dataset, so the real readers read it unchanged. Deterministic: the same settings give
                byte-identical files, and raising the image counts only adds files.

                Keys (gss.synth.*): layout (cityscapes | ade20k | mseg), out, width, height, train-images, val-images,
                classes, unlabeled-share, domains (mseg), image-format (auto | png | jpg), detail-scale, seed.
                """;
    }

    @Override
    public SynthSpec settings(CommandContext ctx) {
        return SynthSettings.spec(ctx.config());
    }

    @Override
    public int run(CommandContext ctx) throws Exception {
        SynthSpec spec = settings(ctx);
        Settings s = Settings.of(ctx.config(), "gss.synth");
        Path out = Path.of(s.nonEmpty("out"));
        SynthSummary summary = SyntheticDatasetWriter.write(spec, out);
        ctx.out().printf("synth: %s dataset in %s: %d files written, %d unchanged (%d bytes)%n", spec.layout().id(),
                out.toAbsolutePath(), summary.filesWritten(), summary.filesUnchanged(), summary.bytes());
        return Main.OK;
    }
}
