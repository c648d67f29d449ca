package org.gss.jobs.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.gss.config.GssConfig;
import org.gss.data.DatasetReaders;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.fs.JvmHadoopConf;
import org.gss.data.fs.LocalCopies;
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
        // checkpoints may be Hadoop URIs (s3a://, hdfs://): checked, read and written through the session's
        // Hadoop configuration, which SparkRuntime installs as this JVM's
        String checkpoint = s.checkpoint();
        String ftCheckpoint = s.ftCheckpoint();
        Palette palette;
        List<LabelMap> train;
        List<LabelMap> val;
        boolean tokenizerDone;
        boolean ftWanted;
        try (SparkRuntime.Handle h = SparkRuntime.open(cfg, "tokenizer-train")) {
            Configuration conf = h.spark().sparkContext().hadoopConfiguration();
            tokenizerDone = HadoopFiles.exists(checkpoint, conf);
            ftWanted = s.usesFt() && (ftCheckpoint.isBlank() || !HadoopFiles.exists(ftCheckpoint, conf));
            if (tokenizerDone) {
                out.printf("tokenizer train: %s exists, reusing it (delete it to retrain)%n", checkpoint);
            }
            if (tokenizerDone && !ftWanted) {
                return;
            }
            palette = ms.createPalette();
            DatasetLayout layout = DatasetReaders.open(s.dataset(), conf);
            List<ManifestEntry> rows = ManifestStore.read(h.spark(), s.manifest());
            train = labels(rows, "train", layout, conf);
            val = labels(rows, "val", layout, conf);
        }
        long seed = s.seed();
        VqTokenizer tokenizer;
        if (tokenizerDone) {
            tokenizer = VqTokenizer.load(LocalCopies.of(checkpoint));
        } else {
            VqTrainer.Result r = VqTrainer.train(s.vq(), train, palette, seed,
                    p -> LOG.info(p.line()));
            saveTo(checkpoint, r.tokenizer()::save);
            out.printf(Locale.ROOT, "tokenizer train: %s -> %s%n", r.report(), checkpoint);
            tokenizer = r.tokenizer();
            report(out, "nearest", new NearestColourInverse(palette), tokenizer, palette, val);
        }
        if (ftWanted) {
            // the FT inverse learns to read this tokenizer's decoded maskiges (paper section 3.3, appendix D(iii))
            FtInverse ft = FtTrainer.train(s.ft(), s.ftConfig(), tokenizer, palette,
                    train, seed, LOG::info);
            saveTo(ftCheckpoint, ft::save);
            out.printf("tokenizer train: ft inverse -> %s%n", ftCheckpoint);
            report(out, "ft", ft, tokenizer, palette, val);
        }
    }

    /**
     * Writes a checkpoint to {@code location}: a local path directly, a Hadoop URI through a local temporary file
     * that is then uploaded atomically (readers never see a partial checkpoint).
     */
    static void saveTo(String location, Consumer<Path> writer) {
        org.apache.hadoop.fs.Path p = HadoopFiles.toPath(location);
        String scheme = p.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            writer.accept(Path.of(p.toUri().getPath()));
            return;
        }
        try {
            Path tmp = Files.createTempFile("gss-checkpoint", ".npz");
            try {
                writer.accept(tmp);
                HadoopFiles.writeAtomically(location, Files.readAllBytes(tmp), JvmHadoopConf.get());
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + location + ": " + e.getMessage(), e);
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
