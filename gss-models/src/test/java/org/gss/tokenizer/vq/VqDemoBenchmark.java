package org.gss.tokenizer.vq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.gss.config.GssConfig;
import org.gss.data.image.LabelMap;
import org.gss.data.synth.SynthSettings;
import org.gss.data.synth.SynthSpec;
import org.gss.data.synth.SynthSplit;
import org.gss.data.synth.SyntheticDatasetWriter;
import org.gss.eval.MeanMode;
import org.gss.eval.SegmentationMetrics;
import org.gss.maskige.FtConfig;
import org.gss.maskige.FtInverse;
import org.gss.maskige.MaskigeSettings;
import org.gss.maskige.NearestColourInverse;
import org.gss.maskige.Palette;
import org.gss.tokenizer.ft.FtTrainer;
import org.gss.tokenizer.ft.FtTrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The figure of the tokenizer issue, measured outside the normal test run: trains the own tokenizer (and the FT
 * inverse) with the demo configuration on the demo's synthetic train split, exactly as gss synth would write it, and
 * scores maskige reconstruction on the val split. Run with
 * {@code mvn -o -q -pl gss-models -am test -Dtest=VqDemoBenchmark -Dvq.bench=true -Dsurefire.failIfNoSpecifiedTests=false}
 * (optionally {@code -Dvq.bench.set=gss.tokenizer.train.iterations=3000,...}); the summary goes to
 * {@code target/vq-demo-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "vq.bench", matches = "true")
class VqDemoBenchmark {

    @Test
    void demoTokenizerReconstructionOnTheSyntheticValSplit() throws Exception {
        Path conf = Path.of("../conf/demo.conf");
        List<String> sets = new ArrayList<>();
        String extra = System.getProperty("vq.bench.set", "");
        if (!extra.isBlank()) {
            sets.addAll(List.of(extra.split(",")));
        }
        GssConfig cfg = GssConfig.load(Optional.of(stage1Part(conf)), sets);
        SynthSpec spec = specOf(cfg);
        List<LabelMap> train = new ArrayList<>();
        List<LabelMap> val = new ArrayList<>();
        for (int d = 0; d < spec.domainsOrSingle().size(); d++) {
            for (int i = 0; i < spec.trainCount(); i++) {
                train.add(SyntheticDatasetWriter.render(spec, d, SynthSplit.TRAIN, i).labels());
            }
            for (int i = 0; i < spec.valCount(); i++) {
                val.add(SyntheticDatasetWriter.render(spec, d, SynthSplit.VAL, i).labels());
            }
        }
        Palette palette = MaskigeSettings.from(cfg).createPalette();
        VqTrainingSettings s = VqTrainingSettings.from(cfg);
        long seed = cfg.root().getLong("gss.seed");
        StringBuilder out = new StringBuilder();
        out.append("settings ").append(s).append('\n').append("data ").append(train.size()).append(" train / ")
                .append(val.size()).append(" val maps of ").append(spec.width()).append('x').append(spec.height())
                .append(", ").append(palette).append('\n');
        VqTrainer.Result r = VqTrainer.train(s, train, palette, seed, p -> System.out.println(p.line()));
        out.append(String.format(Locale.ROOT, "tokenizer trained in %.1f s: %s%n", r.report().seconds(), r.report()));
        NearestColourInverse nearest = new NearestColourInverse(palette);
        SegmentationMetrics v = MaskigeReconstruction.score(r.tokenizer(), palette, nearest, val);
        SegmentationMetrics t = MaskigeReconstruction.score(r.tokenizer(), palette, nearest, train);
        out.append("val   nearest: ").append(line(v)).append('\n');
        out.append("train nearest: ").append(line(t)).append('\n');
        long t0 = System.nanoTime();
        FtInverse ft = FtTrainer.train(FtTrainingSettings.from(cfg), FtConfig.from(cfg), r.tokenizer(), palette, train,
                seed, System.out::println);
        out.append(String.format(Locale.ROOT, "ft inverse trained in %.1f s%n", (System.nanoTime() - t0) / 1e9));
        out.append("val   ft:      ").append(line(MaskigeReconstruction.score(r.tokenizer(), palette, ft, val)))
                .append('\n');
        Path dir = Path.of("target");
        Files.createDirectories(dir);
        r.tokenizer().save(dir.resolve("vq-demo-benchmark.zip"));
        Files.writeString(dir.resolve("vq-demo-benchmark.txt"), out.toString());
        System.out.print(out);
    }

    private static String line(SegmentationMetrics m) {
        StringBuilder b = new StringBuilder(m.summary(MeanMode.NAN_EXCLUDED)).append("  per class");
        for (double iou : m.iou()) {
            b.append(String.format(Locale.ROOT, " %.1f", iou));
        }
        return b.toString();
    }

    /**
     * The blocks of an experiment file that Stage I reads, as a temporary file: gss-models alone does not know the
     * keys of the Spark jobs (gss.train, ...), which the full file also sets.
     */
    static Path stage1Part(Path conf) throws java.io.IOException {
        com.typesafe.config.Config c = com.typesafe.config.ConfigFactory.parseFile(conf.toFile());
        com.typesafe.config.Config kept = com.typesafe.config.ConfigFactory.empty();
        for (String key : List.of("gss.seed", "gss.synth", "gss.maskige", "gss.tokenizer")) {
            if (c.hasPathOrNull(key)) {
                kept = kept.withFallback(c.withOnlyPath(key));
            }
        }
        Path tmp = Files.createTempFile("stage1-", ".conf");
        tmp.toFile().deleteOnExit();
        Files.writeString(tmp, kept.root().render(com.typesafe.config.ConfigRenderOptions.concise()));
        return tmp;
    }

    /** The spec gss synth writes for this configuration (same fields, same seed). */
    static SynthSpec specOf(GssConfig cfg) {
        return SynthSettings.spec(cfg);
    }
}
