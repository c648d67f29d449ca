package org.gss.jobs.reconstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.gss.config.GssConfig;
import org.gss.data.DatasetReaders;
import org.gss.data.DatasetSettings;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.layout.SampleRef;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.testing.SharedData;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.SegmentationMetrics;
import org.gss.jobs.TestSpark;
import org.gss.jobs.index.IndexJob;
import org.gss.jobs.index.ManifestStore;
import org.gss.maskige.MaskigeSettings;
import org.gss.maskige.Palette;
import org.gss.tokenizer.MaskigeCodec;
import org.gss.tokenizer.TokenizerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job's numbers equal the same reconstruction computed sample by sample on the driver. */
class ReconstructJobTest {
    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.start(2);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void jobMatchesDirectComputationForEveryCombination() throws Exception {
        Path g = SharedData.data("dvae-golden/small");
        Path data = dir.resolve("data");
        List<String> sets = List.of("gss.dataset.root=\"" + data + "\"", "gss.synth.out=\"" + data + "\"",
                "gss.index.out=\"" + dir.resolve("manifest") + "\"", "gss.reconstruct.out=\"" + dir.resolve("rec") + "\"",
                "gss.synth.width=64", "gss.synth.height=40", "gss.synth.train-images=1", "gss.synth.val-images=3",
                "gss.synth.classes=5", "gss.maskige.classes=19", "gss.tokenizer.kind=dvae",
                "gss.tokenizer.encoder-npz=\"" + g.resolve("encoder.npz") + "\"",
                "gss.tokenizer.decoder-npz=\"" + g.resolve("decoder.npz") + "\"",
                "gss.reconstruct.palettes=[maximal-distance, random]", "gss.reconstruct.inverses=[nearest]");
        GssConfig cfg = GssConfig.load(Optional.empty(), sets);
        org.gss.data.synth.SyntheticDatasetWriter.write(org.gss.data.synth.SynthSpec
                .defaults(org.gss.data.synth.SynthLayout.CITYSCAPES).withSize(64, 40).withCounts(1, 3)
                .withNumClasses(5), data);
        IndexJob.run(spark, cfg);

        List<ReconstructJob.Outcome> outcomes = ReconstructJob.run(spark, cfg);
        assertEquals(2, outcomes.size());

        DatasetSettings ds = DatasetSettings.from(cfg);
        DatasetLayout layout = DatasetReaders.open(ds, spark.sparkContext().hadoopConfiguration());
        MaskigeSettings m = MaskigeSettings.from(cfg);
        List<ManifestEntry> val = new ArrayList<>(ManifestStore.read(spark, dir.resolve("manifest").toString()).stream()
                .filter(e -> e.split().equals("val")).toList());
        for (ReconstructJob.Outcome o : outcomes) {
            Palette p = ReconstructJob.withPalette(m, o.combination().palette()).createPalette();
            MaskigeCodec codec = new MaskigeCodec(p, TokenizerSettings.from(cfg).open(), m.createInverse(p));
            ConfusionMatrix cm = new ConfusionMatrix(19);
            for (ManifestEntry e : val) {
                var labels = layout.readTrainingLabels(new SampleRef(e.dataset(), e.split(), e.sampleId(), e.imageUri(),
                        e.labelUri()), spark.sparkContext().hadoopConfiguration());
                cm.accumulate(labels, codec.reconstruct(labels));
            }
            SegmentationMetrics direct = SegmentationMetrics.from(cm);
            assertEquals(direct.mIoU(), o.metrics().mIoU(), 1e-12, o.combination().toString());
            assertEquals(direct.aAcc(), o.metrics().aAcc(), 1e-12, o.combination().toString());
        }
        String md = Files.readString(dir.resolve("rec/reconstruct.md"));
        assertTrue(md.contains("| maximal-distance | nearest |"), md);
        assertTrue(Files.readString(dir.resolve("rec/reconstruct.json")).contains("\"tokenizerFingerprint\""));
    }
}
