package org.gss.jobs.reconstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gss.config.GssConfig;
import org.gss.data.DatasetReaders;
import org.gss.data.DatasetSettings;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.layout.SampleRef;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.testing.SharedData;
import org.gss.data.testing.TestConfig;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.SegmentationMetrics;
import org.gss.jobs.index.IndexJob;
import org.gss.maskige.MaskigeSettings;
import org.gss.maskige.Palette;
import org.gss.store.ManifestStore;
import org.gss.testing.LocalSpark;
import org.gss.tokenizer.MaskigeCodec;
import org.gss.tokenizer.config.TokenizerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job's numbers equal the same reconstruction computed sample by sample on the driver. */
class ReconstructJobTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);

    /** A synthetic Cityscapes-layout set indexed under {@code dir/name}, with the small golden dVAE. */
    private static GssConfig indexed(String name, String... extra) throws java.io.IOException {
        Path g = SharedData.data("dvae-golden/small");
        Path root = dir.resolve(name);
        Path data = root.resolve("data");
        List<String> sets = new ArrayList<>(List.of("gss.dataset.root=\"" + data + "\"", "gss.synth.out=\"" + data + "\"",
                "gss.index.out=\"" + root.resolve("manifest") + "\"", "gss.reconstruct.out=\"" + root.resolve("rec") + "\"",
                "gss.synth.width=64", "gss.synth.height=40", "gss.synth.train-images=1", "gss.synth.val-images=3",
                "gss.synth.classes=5", "gss.maskige.classes=19", "gss.tokenizer.kind=dvae",
                "gss.tokenizer.encoder-npz=\"" + g.resolve("encoder.npz") + "\"",
                "gss.tokenizer.decoder-npz=\"" + g.resolve("decoder.npz") + "\""));
        sets.addAll(List.of(extra));
        GssConfig cfg = TestConfig.of(sets).load();
        org.gss.data.synth.SyntheticDatasetWriter.write(org.gss.data.synth.SynthSpec
                .defaults(org.gss.data.synth.SynthLayout.CITYSCAPES).withSize(64, 40).withCounts(1, 3)
                .withNumClasses(5), data);
        IndexJob.run(SPARK.session(), cfg);
        return cfg;
    }

    /** The val split's reconstruction computed sample by sample on the driver. */
    private static SegmentationMetrics direct(GssConfig cfg, Palette p, org.gss.maskige.Inverse inverse) {
        DatasetLayout layout = DatasetReaders.open(DatasetSettings.from(cfg),
                SPARK.session().sparkContext().hadoopConfiguration());
        MaskigeCodec codec = new MaskigeCodec(p, TokenizerSettings.from(cfg).open(), inverse);
        ConfusionMatrix cm = new ConfusionMatrix(19);
        for (ManifestEntry e : ManifestStore.read(SPARK.session(), cfg.root().getString("gss.index.out"))) {
            if (e.split().equals("val")) {
                var labels = layout.readTrainingLabels(new SampleRef(e.dataset(), e.split(), e.sampleId(), e.imageUri(),
                        e.labelUri()), SPARK.session().sparkContext().hadoopConfiguration());
                cm.accumulate(labels, codec.reconstruct(labels));
            }
        }
        return SegmentationMetrics.from(cm);
    }

    @Test
    void trainedFtInverseIsSelectableAndScoredLikeTheOthers() throws Exception {
        Path ftFile = dir.resolve("ft-inverse.zip");
        GssConfig cfg = indexed("ft", "gss.reconstruct.inverses=[nearest, ft]",
                "gss.maskige.inverse-checkpoint=\"" + ftFile + "\"", "gss.tokenizer.train.inverse-iterations=20",
                "gss.tokenizer.train.inverse-width=8");
        MaskigeSettings m = MaskigeSettings.from(cfg);
        Palette p = m.createPalette();
        List<org.gss.data.image.LabelMap> train = List.of(org.gss.data.synth.SyntheticScene.render(64, 40, 5, 0, 7)
                .labels());
        org.gss.tokenizer.ft.FtTrainer.train(org.gss.tokenizer.ft.FtTrainingSettings.from(cfg),
                org.gss.maskige.FtConfig.from(cfg), TokenizerSettings.from(cfg).open(), p, train, 3, s -> { })
                .save(ftFile);

        List<ReconstructJob.Outcome> outcomes = ReconstructJob.run(SPARK.session(), cfg);
        assertEquals(List.of("maximal-distance+nearest", "maximal-distance+ft"),
                outcomes.stream().map(o -> o.combination().id()).toList());
        SegmentationMetrics ft = direct(cfg, p, org.gss.maskige.FtInverse.load(ftFile));
        assertEquals(ft.mIoU(), outcomes.get(1).metrics().mIoU(), 1e-12);
        assertEquals(ft.aAcc(), outcomes.get(1).metrics().aAcc(), 1e-12);

        // the FT inverse reads only the palette it was trained on, and needs its file
        GssConfig otherPalette = TestConfig.of(List.of("gss.reconstruct.palettes=[random]",
                "gss.reconstruct.inverses=[ft]")).load();
        var e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> ReconstructJob
                .combinations(org.gss.config.Settings.of(otherPalette, "gss.reconstruct"),
                        MaskigeSettings.from(otherPalette)));
        assertTrue(e.getMessage().contains("gss.reconstruct.inverses"), e.getMessage());
        GssConfig missing = TestConfig.of(List.of("gss.maskige.inverse=ft",
                "gss.maskige.inverse-checkpoint=\"" + dir.resolve("nope.zip") + "\"")).load();
        var e2 = org.junit.jupiter.api.Assertions.assertThrows(org.gss.config.ConfigError.class,
                () -> MaskigeSettings.from(missing).createInverse(p));
        assertTrue(e2.getMessage().contains("gss.maskige.inverse-checkpoint") && e2.getMessage().contains("nope.zip"),
                e2.getMessage());
    }

    @Test
    void jobMatchesDirectComputationForEveryCombination() throws Exception {
        GssConfig cfg = indexed("pal", "gss.reconstruct.palettes=[maximal-distance, random]",
                "gss.reconstruct.inverses=[nearest]");
        Path rec = dir.resolve("pal/rec");
        List<ReconstructJob.Outcome> outcomes = ReconstructJob.run(SPARK.session(), cfg);
        assertEquals(2, outcomes.size());

        MaskigeSettings m = MaskigeSettings.from(cfg);
        for (ReconstructJob.Outcome o : outcomes) {
            Palette p = m.withPalette(o.combination().palette()).createPalette();
            SegmentationMetrics direct = direct(cfg, p, m.createInverse(p));
            assertEquals(direct.mIoU(), o.metrics().mIoU(), 1e-12, o.combination().toString());
            assertEquals(direct.aAcc(), o.metrics().aAcc(), 1e-12, o.combination().toString());
        }
        String md = Files.readString(rec.resolve("reconstruct.md"));
        assertTrue(md.contains("| maximal-distance | nearest |"), md);
        assertTrue(Files.readString(rec.resolve("reconstruct.json")).contains("\"tokenizerFingerprint\""));
    }
}
