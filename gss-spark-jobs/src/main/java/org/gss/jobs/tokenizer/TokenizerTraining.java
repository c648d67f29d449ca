package org.gss.jobs.tokenizer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.gss.config.GssConfig;
import org.gss.data.DatasetReaders;
import org.gss.data.image.LabelMap;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.manifest.ManifestEntry;
import org.gss.eval.SegmentationMetrics;
import org.gss.jobs.SparkRuntime;
import org.gss.maskige.FtInverse;
import org.gss.maskige.Inverse;
import org.gss.maskige.MaskigeSettings;
import org.gss.maskige.NearestColourInverse;
import org.gss.maskige.Palette;
import org.gss.store.ManifestStore;
import org.gss.tokenizer.Tokenizer;
import org.gss.tokenizer.ft.FtTrainer;
import org.gss.tokenizer.vq.MaskigeReconstruction;
import org.gss.tokenizer.vq.VqTokenizer;
import org.gss.tokenizer.vq.VqTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code gss tokenizer train}: the project's own VQ maskige tokenizer, trained on the indexed train split. */
public final class TokenizerTraining {
    private static final Logger LOG = LoggerFactory.getLogger(TokenizerTraining.class);

    private TokenizerTraining() {
    }

    /**
     * Trains what is missing with {@code s} (the tokenizer, then the FT inverse when the configuration uses it),
     * printing progress lines to {@code out}. {@code s} is read from {@code cfg} before Spark starts; the caller checks
     * that {@code gss.tokenizer.kind} is {@code own}.
     */
    public static void run(TokenizerTrainingSettings s, GssConfig cfg, PrintStream out) {
        MaskigeSettings ms = s.maskige();
        Path checkpoint = s.checkpoint();
        Path ftCheckpoint = s.ftCheckpoint();
        boolean tokenizerDone = Files.isRegularFile(checkpoint);
        boolean ftWanted = s.usesFt() && !Files.isRegularFile(ftCheckpoint);
        if (tokenizerDone) {
            out.printf("tokenizer train: %s exists, reusing it (delete it to retrain)%n", checkpoint);
        }
        if (tokenizerDone && !ftWanted) {
            return;
        }
        Palette palette = ms.createPalette();
        List<LabelMap> train;
        List<LabelMap> val;
        try (SparkRuntime.Handle h = SparkRuntime.open(cfg, "tokenizer-train")) {
            Configuration conf = h.spark().sparkContext().hadoopConfiguration();
            DatasetLayout layout = DatasetReaders.open(s.dataset(), conf);
            List<ManifestEntry> rows = ManifestStore.read(h.spark(), s.manifest());
            train = labels(rows, "train", layout, conf);
            val = labels(rows, "val", layout, conf);
        }
        long seed = s.seed();
        VqTokenizer tokenizer;
        if (tokenizerDone) {
            tokenizer = VqTokenizer.load(checkpoint);
        } else {
            VqTrainer.Result r = VqTrainer.train(s.vq(), train, palette, seed, p -> LOG.info(p.toString()));
            r.tokenizer().save(checkpoint);
            out.printf(Locale.ROOT, "tokenizer train: %s -> %s%n", r.report(), checkpoint);
            tokenizer = r.tokenizer();
            report(out, "nearest", new NearestColourInverse(palette), tokenizer, palette, val);
        }
        if (ftWanted) {
            // the FT inverse learns to read this tokenizer's decoded maskiges (paper section 3.3, appendix D(iii))
            FtInverse ft = FtTrainer.train(s.ft(), s.ftConfig(), tokenizer, palette, train, seed, LOG::info);
            ft.save(ftCheckpoint);
            out.printf("tokenizer train: ft inverse -> %s%n", ftCheckpoint);
            report(out, "ft", ft, tokenizer, palette, val);
        }
    }

    private static void report(PrintStream out, String name, Inverse inverse, Tokenizer tokenizer, Palette palette,
            List<LabelMap> val) {
        if (val.isEmpty()) {
            return;
        }
        SegmentationMetrics m = MaskigeReconstruction.score(tokenizer, palette, inverse, val);
        out.printf(Locale.ROOT, "tokenizer train: reconstruction on val (%d maps, %s inverse): mIoU %.2f,"
                + " aAcc %.2f%n", val.size(), name, m.mIoU(), m.aAcc());
    }

    private static List<LabelMap> labels(List<ManifestEntry> rows, String split, DatasetLayout layout,
            Configuration conf) {
        List<LabelMap> out = new ArrayList<>();
        for (ManifestEntry e : rows) {
            if (e.split().equals(split)) {
                out.add(layout.readTrainingLabels(e.ref(), conf));
            }
        }
        return out;
    }
}
