package org.gss.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.DatasetReaders;
import org.gss.data.DatasetSettings;
import org.gss.data.image.LabelMap;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.layout.SampleRef;
import org.gss.data.manifest.ManifestEntry;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.SegmentationMetrics;
import org.gss.jobs.SparkRuntime;
import org.gss.jobs.index.ManifestStore;
import org.gss.maskige.MaskigeSettings;
import org.gss.maskige.Palette;
import org.gss.tokenizer.MaskigeCodec;
import org.gss.tokenizer.TokenizerSettings;
import org.gss.tokenizer.vq.VqTrainer;
import org.gss.tokenizer.vq.VqTrainingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code gss tokenizer train}: the project's own VQ maskige tokenizer, trained on the indexed train split. */
final class TokenizerTraining {
    private static final Logger LOG = LoggerFactory.getLogger(TokenizerTraining.class);

    private TokenizerTraining() {
    }

    static int run(CommandContext ctx) {
        GssConfig cfg = ctx.config();
        TokenizerSettings ts = TokenizerSettings.from(cfg);
        if (!ts.kind().equals("own")) {
            throw new UsageError("gss.tokenizer.kind is " + ts.kind() + ": only the own tokenizer is trained here");
        }
        Path checkpoint = Path.of(ts.checkpoint());
        if (Files.isRegularFile(checkpoint)) {
            ctx.out().printf("tokenizer train: %s exists, reusing it (delete it to retrain)%n", checkpoint);
            return Main.OK;
        }
        MaskigeSettings ms = MaskigeSettings.from(cfg);
        Palette palette = ms.createPalette();
        List<LabelMap> train;
        List<LabelMap> val;
        try (SparkRuntime.Handle h = SparkRuntime.open(cfg, "tokenizer-train")) {
            Configuration conf = h.spark().sparkContext().hadoopConfiguration();
            DatasetLayout layout = DatasetReaders.open(DatasetSettings.from(cfg), conf);
            List<ManifestEntry> rows = ManifestStore.read(h.spark(), Settings.of(cfg, "gss.index").nonEmpty("out"));
            train = labels(rows, "train", layout, conf);
            val = labels(rows, "val", layout, conf);
        }
        VqTrainingSettings vs = VqTrainingSettings.from(cfg);
        long seed = cfg.root().getLong("gss.seed");
        VqTrainer.Result r = VqTrainer.train(vs, train, palette, seed, p -> LOG.info(p.toString()));
        r.tokenizer().save(checkpoint);
        ctx.out().printf(Locale.ROOT, "tokenizer train: %s -> %s%n", r.report(), checkpoint);
        if (!val.isEmpty()) {
            MaskigeCodec codec = new MaskigeCodec(palette, r.tokenizer(), ms.createInverse(palette));
            ConfusionMatrix cm = new ConfusionMatrix(ms.classes());
            for (LabelMap l : val) {
                cm.accumulate(l, codec.reconstruct(l));
            }
            SegmentationMetrics m = SegmentationMetrics.from(cm);
            ctx.out().printf(Locale.ROOT, "tokenizer train: reconstruction on val (%d maps, %s inverse): mIoU %.2f,"
                    + " aAcc %.2f%n", val.size(), ms.inverse(), m.mIoU(), m.aAcc());
        }
        return Main.OK;
    }

    private static List<LabelMap> labels(List<ManifestEntry> rows, String split, DatasetLayout layout,
            Configuration conf) {
        List<LabelMap> out = new ArrayList<>();
        for (ManifestEntry e : rows) {
            if (e.split().equals(split)) {
                out.add(layout.readTrainingLabels(new SampleRef(e.dataset(), e.split(), e.sampleId(), e.imageUri(),
                        e.labelUri()), conf));
            }
        }
        return out;
    }
}
