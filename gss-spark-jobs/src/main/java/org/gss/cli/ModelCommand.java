package org.gss.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.gss.model.weights.FeatureExport;

/** {@code gss model features}: our network on reference (PyTorch state-dict) weights, outputs as .npy files. */
final class ModelCommand implements Command {
    @Override
    public String name() {
        return "model";
    }

    @Override
    public String summary() {
        return "runs the encoder on reference weights (.npz, PyTorch names) and writes its outputs as .npy";
    }

    @Override
    public String help() {
        return """
                usage: gss model features --weights FILE.npz --input x.npy --out DIR [--train-mode]

                Loads a state dict with the reference (mmseg / GSS PyTorch) names, as gss weights convert writes it
                or an mmseg EncoderDecoder checkpoint saved with numpy.savez: a ResNet v1c or Swin backbone
                (backbone.* or bare), the GSS head (decode_head.* or bare), or both. The architecture is read
                from the keys and shapes alone (ResNet depth, stem and base widths; Swin patch, embedding, depths,
                heads and window; head widths, blocks, heads, window, vocabulary, classes and the level each
                per-level conv reads); every tensor must be used and fit. Runs the forward pass in eval mode
                (--train-mode: BatchNorm with batch statistics) on --input, a float [B,3,H,W] image array (for a
                head alone: its input features feat0,feat1,... as a comma-separated list, backbone order), and
                writes to DIR under the names of the reference goldens: stem.npy (ResNet) or patch_embed.npy
                (Swin, tokens [B,h*w,C]), out0.npy..out3.npy; with a head token_logits.npy, token_argmax.npy
                (int32), pixel_logits.npy, pixel_logits_up.npy and the intermediates agg, swin_block<j>,
                swin_out, swin_ln_out, cls_feat, agg_pixel. Compare them with PyTorch's outputs to check a
                converted checkpoint (docs/model.md).
                """;
    }

    @Override
    public List<Flag> flags() {
        return List.of(Flag.value("weights", "state dict .npz with the reference names"),
                Flag.value("input", "input .npy (image [B,3,H,W]; head alone: feat0.npy,feat1.npy,...)"),
                Flag.value("out", "output folder"),
                Flag.bool("train-mode", "BatchNorm with batch statistics"));
    }

    @Override
    public int run(CommandContext ctx) throws Exception {
        List<String> pos = ctx.line().positional();
        if (pos.size() != 1 || !pos.get(0).equals("features")) {
            throw new UsageError("expected the subcommand: features");
        }
        Path weights = Path.of(ctx.flag("weights").orElseThrow(() -> new UsageError("--weights is required")));
        List<Path> inputs = Arrays.stream(ctx.flag("input").orElseThrow(() -> new UsageError("--input is required"))
                .split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList();
        Path out = Path.of(ctx.flag("out").orElseThrow(() -> new UsageError("--out is required")));
        FeatureExport.Result r = FeatureExport.run(weights, inputs, out, ctx.line().has("train-mode"));
        ctx.out().printf("model features: %s%n  %d file(s) written to %s: %s%n", r.architecture(), r.files().size(),
                out, String.join(" ", r.files()));
        return Main.OK;
    }
}
