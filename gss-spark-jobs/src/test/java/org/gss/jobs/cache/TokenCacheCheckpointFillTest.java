package org.gss.jobs.cache;

import org.gss.store.TokenCacheReader;
import org.gss.store.VersionIndex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.gss.cli.Main;
import org.gss.config.GssConfig;
import org.gss.data.DatasetReaders;
import org.gss.data.augment.Normalization;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;
import org.gss.jobs.TinyStage2;
import org.gss.model.GssEncoderModel;
import org.gss.model.fill.AuxHeadFill;
import org.gss.store.Checkpoints;
import org.gss.store.ManifestStore;
import org.gss.testing.LocalSpark;
import org.gss.tokenizer.cache.NearestLabelFill;
import org.gss.tokenizer.cache.SampleEncoder;
import org.gss.tokenizer.cache.TokenGrid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code gss token-cache build --pseudo-labels CHECKPOINT} (issue 4, acceptance 4) with a tiny Stage II model trained
 * by {@code gss train} on the cache fixture's synthetic Cityscapes-layout set: exactly the samples with unlabeled
 * pixels are re-encoded, their unlabeled pixels filled with the auxiliary head's argmax (computed here by hand from the
 * network's raw output), and verify and status handle the checkpoint-sourced version.
 */
class TokenCacheCheckpointFillTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);
    static CacheFixture f;
    static Path train;
    static List<String> holed;

    @BeforeAll
    static void datasetWithHolesAndATrainedModel() throws Exception {
        f = new CacheFixture(dir.resolve("fill")).with("gss.synth.unlabeled-share=0",
                "gss.token-cache.verify-samples=24");
        f.synthAndIndex(SPARK.session());
        // two training labels get a block of unlabeled pixels (raw id 0 maps to 255), then the manifest is rebuilt
        List<ManifestEntry> before = ManifestStore.read(SPARK.session(), f.manifest.toString());
        holed = before.subList(1, 3).stream().map(ManifestEntry::sampleId).toList();
        for (ManifestEntry e : before.subList(1, 3)) {
            Path file = Path.of(URI.create(e.labelUri()));
            LabelMap raw = ImageCodec.decodeLabel(Files.readAllBytes(file), file.toString());
            for (int y = 4; y < 12; y++) {
                for (int x = 10; x < 30; x++) {
                    raw.set(x, y, 0);
                }
            }
            Files.write(file, ImageCodec.encodeLabelPng(raw));
        }
        f.index(SPARK.session());
        train = dir.resolve("train");
        TinyStage2.train(f.sets(), train);
    }

    static Configuration conf() {
        return SPARK.session().sparkContext().hadoopConfiguration();
    }

    /** The auxiliary head's argmax of a 64×32 image (already on the token grid), by hand from the raw output. */
    static int[] auxArgmax(ComputationGraph net, RgbImage img) {
        float[] chw = new float[3 * img.width() * img.height()];
        Normalization.toChw(img, chw, 0);
        INDArray[] out = net.output(false, Nd4j.create(chw, new long[] {1, 3, img.height(), img.width()}, 'c'));
        INDArray p = out[net.getConfiguration().getNetworkOutputs().indexOf(GssEncoderModel.PIXELS)];
        int[] best = new int[img.width() * img.height()];
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int arg = 0;
                for (int c = 1; c < p.size(1); c++) {
                    if (p.getDouble(0, c, y, x) > p.getDouble(0, arg, y, x)) {
                        arg = c;
                    }
                }
                best[y * img.width() + x] = arg;
            }
        }
        return best;
    }

    @Test
    void checkpointFillReEncodesExactlyTheSamplesWithUnlabeledPixelsWithTheAuxHeadsArgmax() throws Exception {
        TokenCacheSettings s = f.settings();
        TokenCacheBuild.Result gt = TokenCacheBuild.run(SPARK.session(), s, "c");
        assertEquals(6, gt.samplesEncoded());

        StringBuilder log = new StringBuilder();
        assertEquals(Main.OK, CacheFixture.cli(f.sets(), log, "token-cache", "build", "--pseudo-labels",
                train.toString()), log.toString());
        assertTrue(log.toString().contains("6 samples (2 encoded, 4 reused), 24 entries (8 encoded, 16 reused),"
                + " 2 pseudo-labeled samples"), log.toString());

        // the key names the run's latest checkpoint and the SHA-256 of its model.zip
        String checkpoint = Checkpoints.resolve(train.toString(), conf());
        Path zip = Path.of(URI.create(checkpoint)).resolve("model.zip");
        String sha = GssConfig.sha256Bytes(Files.readAllBytes(zip));
        TokenCacheReader ps = TokenCacheReader.open(conf(), f.root);
        assertEquals("stage2-aux-head/1 checkpoint=" + checkpoint + " sha256=" + sha + " inference=whole",
                ps.version().key().pseudoSource());
        assertEquals(2, ps.version().counts().pseudoLabeledSamples());

        TokenCacheSettings withFill = s.withPseudoLabels(train.toString());
        ComputationGraph net = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
        DatasetLayout layout = DatasetReaders.open(s.dataset(), conf());
        CacheInputs in = CacheInputs.open(s, conf());
        SampleEncoder enc = new SampleEncoder(in.palette, s.tokenizer().open(), s.geometry());
        Map<String, ManifestEntry> bySample = new HashMap<>();
        ManifestStore.read(SPARK.session(), f.manifest.toString()).forEach(e -> bySample.put(e.sampleId(), e));
        Map<String, LabelMap> expectedFill = new HashMap<>();
        AuxHeadFill fill = CacheInputs.checkpointFill(train.toString(), withFill, in.palette, conf());
        for (String id : holed) {
            ManifestEntry e = bySample.get(id);
            LabelMap labels = ShardEncoder.readLabels(layout, e, conf());
            RgbImage image = ImageCodec.decodeRgb(Files.readAllBytes(Path.of(URI.create(e.imageUri()))), "img");
            int[] argmax = auxArgmax(net, image);
            byte[] filled = labels.ids().clone();
            int unlabeled = 0;
            for (int i = 0; i < filled.length; i++) {
                if (labels.at(i) == LabelMap.IGNORE) {
                    filled[i] = (byte) argmax[i];
                    unlabeled++;
                }
            }
            assertEquals(8 * 20, unlabeled, "exactly the hole is unlabeled");
            LabelMap expect = new LabelMap(labels.width(), labels.height(), filled);
            assertFalse(java.util.Arrays.equals(expect.ids(), new NearestLabelFill().fill(null, labels).ids()),
                    "the head's fill differs from the model-free one, so the comparisons below tell them apart");
            expectedFill.put(id, expect);
            // the fill the job used, opened as the job opens it, gives the same pixels
            assertArrayEquals(expect.ids(), ShardEncoder.fill(fill, e, labels, conf()).ids(), id);
        }

        TokenCacheReader gtReader = TokenCacheReader.open(conf(), f.root, gt.versionId());
        int pseudoEntries = 0;
        for (int i = 0; i < ps.rows().size(); i++) {
            VersionIndex.Row p = ps.rows().get(i);
            VersionIndex.Row g = gtReader.rows().get(i);
            assertEquals(g.sampleId() + g.view(), p.sampleId() + p.view());
            if (holed.contains(p.sampleId())) {
                assertNotEquals(g.entryKey(), p.entryKey());
                LabelMap labels = ShardEncoder.readLabels(layout, bySample.get(p.sampleId()), conf());
                TokenGrid expect = enc.encodeView(labels, expectedFill.get(p.sampleId()), AugmentationView.parse(
                        p.view()));
                TokenGrid got = ps.entry(p).orElseThrow().grid();
                assertEquals(expect, got, p.sampleId() + " " + p.view());
                assertArrayEquals(gtReader.entry(g).orElseThrow().coverage(), got.coverage(),
                        "coverage stays that of the ground truth");
                pseudoEntries++;
            } else {
                assertEquals(g, p, "fully labeled: the very same entry (and segment) as the ground-truth version");
            }
        }
        assertEquals(8, pseudoEntries);

        // verify re-encodes every entry, the 8 pseudo-labeled ones with the recorded checkpoint's fill
        TokenCacheVerify.Report v = TokenCacheVerify.run(SPARK.session(), s, Optional.empty());
        assertTrue(v.ok(), v.message());
        assertEquals(24, v.reencoded(), v.message());
        assertEquals(0, v.tokensDiffering(), v.message());
        assertTrue(v.notes().isEmpty(), v.message());
        // the same checkpoint again: nothing to do; status sees no change
        TokenCacheBuild.Result again = TokenCacheBuild.run(SPARK.session(), withFill, "c");
        assertTrue(again.upToDate(), again.message());
        assertEquals(ps.version().id(), again.versionId());
        assertFalse(TokenCacheStatus.run(conf(), withFill).render().contains("STALE"));
        String status = TokenCacheStatus.run(conf(), s).render();
        assertTrue(status.contains("STALE") && status.contains("pseudo-label source"), status);
    }
}
