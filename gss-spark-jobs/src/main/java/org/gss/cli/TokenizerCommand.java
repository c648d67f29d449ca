package org.gss.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gss.data.image.BadInputException;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.io.NpyWriter;
import org.gss.io.NumpyArrays;
import org.gss.jobs.tokenizer.TokenizerTraining;
import org.gss.jobs.tokenizer.TokenizerTrainingSettings;
import org.gss.maskige.MaskigeSettings;
import org.gss.maskige.Palette;
import org.gss.tokenizer.MaskigeCodec;
import org.gss.tokenizer.config.TokenizerSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code gss tokenizer encode|decode}: label maps → token maps and back, for inspection and for checking against other
 * implementations (the same palette, tokenizer and inverse the jobs use, from the configuration).
 */
final class TokenizerCommand implements Command {
    @Override
    public String name() {
        return "tokenizer";
    }

    @Override
    public String summary() {
        return "Stage I tools: encode label maps to token maps (.npy), decode token maps to maskige and label PNGs";
    }

    @Override
    public String help() {
        return """
                usage: gss tokenizer train [--config FILE] [--set key=value]...
                       gss tokenizer encode --input PATH --out DIR [--config FILE] [--set key=value]...
                       gss tokenizer decode --input PATH --out DIR [--config FILE] [--set key=value]...

                train: trains the project's own VQ maskige tokenizer (gss.tokenizer.kind = own) on the maskiges of the
                  train split of the sample manifest (gss.index.out) and writes gss.tokenizer.checkpoint; then reports
                  the Stage I reconstruction mIoU on the val split. Skipped when the checkpoint exists (delete it to
                  retrain).
                encode: PATH is a label PNG (training ids 0..K-1, 255 = unlabeled), a folder of them, or an integer
                  .npy array [H,W] or [N,H,W] of label ids; writes <name>.npy int32 token maps ([h,w] or [N,h,w]).
                  Label maps are painted with gss.maskige's palette and encoded with gss.tokenizer; sides that are
                  not multiples of 8 are padded with the ignore id.
                decode: PATH is a token .npy ([h,w] or [N,h,w]) or a folder of them; writes <name>_maskige.png and
                  <name>_labels.png (labels through gss.maskige.inverse) per map.
                Tokenizer: gss.tokenizer.kind = dvae (encoder-npz, decoder-npz) or own (checkpoint).
                """;
    }

    @Override
    public List<Flag> flags() {
        return List.of(Flag.value("input", "a file or folder to convert"), Flag.value("out", "output folder"));
    }

    /** {@code train} reads its settings record first (it starts Spark); encode and decode run without Spark. */
    @Override
    public TokenizerTrainingSettings settings(CommandContext ctx) {
        return isTrain(ctx) ? TokenizerTrainingSettings.from(ctx.config()) : null;
    }

    private static boolean isTrain(CommandContext ctx) {
        List<String> pos = ctx.line().positional();
        return pos.size() == 1 && pos.get(0).equals("train");
    }

    @Override
    public int run(CommandContext ctx) throws Exception {
        List<String> pos = ctx.line().positional();
        if (isTrain(ctx)) {
            TokenizerTrainingSettings s = settings(ctx);
            String kind = s.tokenizer().kind();
            if (!kind.equals(TokenizerSettings.OWN)) {
                throw new UsageError("gss.tokenizer.kind is " + kind + ": only the own tokenizer is trained here");
            }
            TokenizerTraining.run(s, ctx.config(), ctx.out());
            return Main.OK;
        }
        if (pos.size() != 1 || !(pos.get(0).equals("encode") || pos.get(0).equals("decode"))) {
            throw new UsageError("expected a subcommand: train | encode | decode");
        }
        Path input = Path.of(ctx.flag("input").orElseThrow(() -> new UsageError("--input is required")));
        Path out = Path.of(ctx.flag("out").orElseThrow(() -> new UsageError("--out is required")));
        MaskigeSettings ms = MaskigeSettings.from(ctx.config());
        Palette palette = ms.createPalette();
        MaskigeCodec codec = new MaskigeCodec(palette, TokenizerSettings.from(ctx.config()).open(),
                ms.createInverse(palette));
        Files.createDirectories(out);
        int n = pos.get(0).equals("encode") ? encode(codec, input, out) : decode(codec, input, out);
        ctx.out().printf("tokenizer %s: %d file(s) written to %s%n", pos.get(0), n, out);
        return Main.OK;
    }

    private static int encode(MaskigeCodec codec, Path input, Path out) throws IOException {
        int n = 0;
        for (Path f : files(input, ".png", ".npy")) {
            String stem = stem(f);
            if (f.toString().endsWith(".npy")) {
                INDArray labels = NumpyArrays.readNpy(f);
                boolean batch = labels.rank() == 3;
                INDArray stack = batch ? labels : labels.reshape(1, labels.size(0), labels.size(1));
                List<int[]> maps = new ArrayList<>();
                long h = 0;
                long w = 0;
                for (int i = 0; i < stack.size(0); i++) {
                    INDArray tokens = codec.encode(toLabelMap(stack.slice(i), f));
                    h = tokens.size(0);
                    w = tokens.size(1);
                    maps.add(tokens.castTo(DataType.INT32).data().asInt());
                }
                int[] all = maps.stream().flatMapToInt(java.util.Arrays::stream).toArray();
                byte[] npy = batch ? NpyWriter.int32(all, maps.size(), h, w) : NpyWriter.int32(all, h, w);
                NpyWriter.write(out.resolve(stem + ".npy"), npy);
            } else {
                LabelMap labels = ImageCodec.decodeLabel(Files.readAllBytes(f), f.toString());
                INDArray tokens = codec.encode(labels);
                NpyWriter.write(out.resolve(stem + ".npy"),
                        NpyWriter.int32(tokens.castTo(DataType.INT32).data().asInt(), tokens.size(0), tokens.size(1)));
            }
            n++;
        }
        return n;
    }

    private static int decode(MaskigeCodec codec, Path input, Path out) throws IOException {
        int n = 0;
        for (Path f : files(input, ".npy")) {
            INDArray tokens = NumpyArrays.readNpy(f);
            INDArray stack = tokens.rank() == 3 ? tokens : tokens.reshape(1, tokens.size(0), tokens.size(1));
            for (int i = 0; i < stack.size(0); i++) {
                INDArray t = stack.slice(i);
                String name = stem(f) + (stack.size(0) > 1 ? "_" + i : "");
                int f8 = codec.tokenizer().downsampleFactor();
                INDArray rgb = codec.decodeMaskige(t);
                Files.write(out.resolve(name + "_maskige.png"), ImageCodec.encodePng(toImage(rgb)));
                LabelMap labels = codec.decode(t, (int) t.size(1) * f8, (int) t.size(0) * f8);
                Files.write(out.resolve(name + "_labels.png"), ImageCodec.encodeLabelPng(labels));
                n++;
            }
        }
        return n;
    }

    static org.gss.data.image.RgbImage toImage(INDArray rgb01) {
        int h = (int) rgb01.size(2);
        int w = (int) rgb01.size(3);
        float[] v = rgb01.castTo(DataType.FLOAT).data().asFloat();
        byte[] px = new byte[w * h * 3];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < w * h; i++) {
                px[i * 3 + c] = (byte) Math.round(Math.max(0f, Math.min(1f, v[c * w * h + i])) * 255f);
            }
        }
        return new org.gss.data.image.RgbImage(w, h, px);
    }

    private static LabelMap toLabelMap(INDArray a, Path file) {
        int h = (int) a.size(0);
        int w = (int) a.size(1);
        long[] v = a.castTo(DataType.LONG).dup('c').data().asLong();
        byte[] ids = new byte[w * h];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] > 255) {
                throw new BadInputException(file.toString(), "label id " + v[i] + " outside 0..255");
            }
            ids[i] = (byte) v[i];
        }
        return new LabelMap(w, h, ids);
    }

    private static List<Path> files(Path input, String... suffixes) throws IOException {
        if (!Files.exists(input)) {
            throw new BadInputException(input.toString(), "not found");
        }
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        try (Stream<Path> s = Files.list(input)) {
            List<Path> found = s.filter(p -> Stream.of(suffixes).anyMatch(x -> p.toString().endsWith(x))).sorted()
                    .toList();
            if (found.isEmpty()) {
                throw new BadInputException(input.toString(), "no " + String.join("/", suffixes) + " files in folder");
            }
            return found;
        }
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }
}
