package org.gss.jobs.cache;

import org.gss.store.TokenCacheReader;
import org.gss.store.VersionIndex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.gss.cli.Main;
import org.gss.data.DatasetReaders;
import org.gss.data.image.LabelMap;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.LabelOps;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.SegmentationMetrics;
import org.gss.maskige.NearestColourInverse;

import org.gss.store.ManifestStore;
import org.gss.testing.LocalSpark;
import org.gss.tokenizer.cache.CacheKeys;
import org.gss.tokenizer.cache.SampleEncoder;
import org.gss.tokenizer.cache.TokenGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * gss token-cache build / status / verify / gc on a synthetic Cityscapes-layout dataset (64×32, 6 samples,
 * views 0.5 and 1.0 × flip) with the small golden dVAE (bench: gss-bench's TokenCacheBenchTest).
 */
class TokenCacheBuildTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);

    static Configuration conf() {
        return SPARK.session().sparkContext().hadoopConfiguration();
    }

    @Test
    void buildWritesAVersionWhoseEntriesDecodeToTheViewLabelsAsTheLibraryDoes() {
        CacheFixture f = new CacheFixture(dir.resolve("one")).synthAndIndex(SPARK.session());
        StringBuilder log = new StringBuilder();
        assertEquals(Main.OK, CacheFixture.cli(f.sets(), log, "token-cache", "build"), log.toString());
        assertTrue(log.toString().contains("6 samples (6 encoded, 0 reused), 24 entries (24 encoded, 0 reused)"),
                log.toString());

        TokenCacheReader reader = TokenCacheReader.open(conf(), f.root);
        assertEquals(6, reader.version().counts().samples());
        assertEquals(24, reader.rows().size());
        assertEquals(List.of("r0.5", "r0.5-flip", "r1", "r1-flip"), reader.version().views());

        // decode every cached entry (decoder + nearest colour) against its view labels ...
        TokenCacheSettings s = f.settings();
        CacheInputs in = CacheInputs.open(s, conf());
        SampleEncoder enc = new SampleEncoder(in.palette, s.tokenizer().open(), s.geometry());
        NearestColourInverse inverse = new NearestColourInverse(in.palette);
        DatasetLayout layout = DatasetReaders.open(s.dataset(), conf());
        ConfusionMatrix fromCache = new ConfusionMatrix(19);
        ConfusionMatrix direct = new ConfusionMatrix(19);
        List<ManifestEntry> manifest = ManifestStore.read(SPARK.session(), f.manifest.toString());
        for (ManifestEntry e : manifest) {
            LabelMap labels = ShardEncoder.readLabels(layout, e, conf());
            for (AugmentationView v : reader.views()) {
                LabelMap viewLabels = LabelOps.view(labels, s.geometry(), v);
                TokenGrid cached = reader.lookup(e.dataset(), e.split(), e.sampleId(), v).orElseThrow();
                assertEquals(cached, reader.lookup(CacheKeys.sampleKey(e), v).orElseThrow());
                fromCache.accumulate(viewLabels, enc.reconstruct(cached, inverse));
                // ... and the library's own encoding of the same view
                TokenGrid fresh = enc.encodeView(labels, labels, v);
                assertEquals(fresh, cached, e.sampleId() + " " + v.id());
                direct.accumulate(viewLabels, enc.reconstruct(fresh, inverse));
            }
        }
        assertEquals(direct, fromCache);
        double miou = SegmentationMetrics.from(fromCache).mIoU();
        assertEquals(SegmentationMetrics.from(direct).mIoU(), miou);
        // the golden weights are random (not the pretrained dVAE): the figure itself carries no meaning here
        assertTrue(miou >= 0 && miou <= 100 && fromCache.labeledPixels() > 0, "mIoU " + miou);

        // Spark view of the entries, joined to the manifest
        List<Row> rows = reader.entriesWithManifest(SPARK.session()).collectAsList();
        assertEquals(24, rows.size());
        Row r0 = rows.get(0);
        assertEquals(2, r0.getInt(r0.fieldIndex("token_bytes")), "vocabulary 512 is stored as int16");
        assertTrue(r0.getString(r0.fieldIndex("image_uri")).endsWith("_leftImg8bit.png"));
        assertEquals(reader.lookup(r0.getString(r0.fieldIndex("dataset")), r0.getString(r0.fieldIndex("split")),
                r0.getString(r0.fieldIndex("sample_id")), AugmentationView.parse(r0.getString(r0.fieldIndex("view"))))
                .orElseThrow(), TokenCacheReader.grid(r0));

        // status and verify report it; a rebuild has nothing to do
        TokenCacheStatus.Report st = TokenCacheStatus.run(conf(), s);
        assertTrue(st.upToDate(), st.render());
        assertTrue(st.render().contains("* " + reader.version().id()), st.render());
        TokenCacheVerify.Report vr = TokenCacheVerify.run(SPARK.session(), s, Optional.empty());
        assertTrue(vr.ok(), vr.message());
        assertEquals(24, vr.entriesChecked());
        assertEquals(4, vr.reencoded());
        assertEquals(0, vr.tokensDiffering());
        log.setLength(0);
        assertEquals(Main.OK, CacheFixture.cli(f.sets(), log, "token-cache", "build"), log.toString());
        assertTrue(log.toString().contains("cache up to date: version " + reader.version().id()
                + ", 0 samples to encode"), log.toString());
        log.setLength(0);
        assertEquals(Main.OK, CacheFixture.cli(f.sets(), log, "token-cache", "verify"), log.toString());
        assertTrue(log.toString().contains("OK"), log.toString());
    }

    @Test
    void addingImagesEncodesOnlyTheNewSamplesAndChangingThePaletteEncodesAll() {
        CacheFixture f = new CacheFixture(dir.resolve("grow")).synthAndIndex(SPARK.session());
        TokenCacheBuild.Result first = TokenCacheBuild.run(SPARK.session(), f.settings(), "c");
        assertEquals(6, first.samplesEncoded());

        // two more training images: re-synth (existing files unchanged) and re-index
        f.with("gss.synth.train-images=6").synthAndIndex(SPARK.session());
        TokenCacheBuild.Result grown = TokenCacheBuild.run(SPARK.session(), f.settings(), "c");
        assertEquals(8, grown.samples());
        assertEquals(2, grown.samplesEncoded());
        assertEquals(6, grown.samplesReused());
        assertEquals(8, grown.entriesEncoded());
        assertEquals(24, grown.entriesReused());
        assertNotEquals(first.versionId(), grown.versionId());

        // one more ratio: only its two views are encoded, for every sample
        TokenCacheBuild.Result moreViews = TokenCacheBuild.run(SPARK.session(),
                f.settings("gss.token-cache.scales=[0.5, 1.0, 0.75]"), "c");
        assertEquals(8, moreViews.samplesEncoded());
        assertEquals(16, moreViews.entriesEncoded());
        assertEquals(32, moreViews.entriesReused());

        // another palette: everything
        TokenCacheBuild.Result repainted = TokenCacheBuild.run(SPARK.session(), f.settings("gss.maskige.seed=7"), "c");
        assertEquals(8, repainted.samplesEncoded());
        assertEquals(32, repainted.entriesEncoded());
        assertEquals(0, repainted.entriesReused());
        TokenCacheStatus.Report stale = TokenCacheStatus.run(conf(), f.settings());
        assertEquals(List.of("palette"), stale.stale(), stale.render());

        // gc keeping one version: the current one stays and still verifies; unused segments are gone
        TokenCacheSettings keepOne = f.settings("gss.maskige.seed=7", "gss.token-cache.keep-versions=1");
        TokenCacheGc.Result gc = TokenCacheGc.run(conf(), keepOne, false);
        assertEquals(List.of(repainted.versionId()), gc.kept());
        assertEquals(3, gc.removed().size());
        assertTrue(gc.segmentsRemoved() > 0);
        TokenCacheStatus.Report after = TokenCacheStatus.run(conf(), keepOne);
        assertEquals(1, after.versions().size());
        assertEquals(0, after.unreferencedSegments());
        assertTrue(TokenCacheVerify.run(SPARK.session(), keepOne, Optional.empty()).ok());
        // the older versions are gone: building them again encodes again
        assertEquals(8, TokenCacheBuild.run(SPARK.session(), f.settings(), "c").samplesEncoded());
    }

    @Test
    void pseudoLabelsNearestReEncodesExactlyTheSamplesWithUnlabeledPixels() throws Exception {
        CacheFixture f = new CacheFixture(dir.resolve("pseudo")).with("gss.synth.unlabeled-share=0");
        f.synthAndIndex(SPARK.session());
        // give two training labels a hole of unlabeled pixels (label id 0), then index again
        List<ManifestEntry> before = ManifestStore.read(SPARK.session(), f.manifest.toString());
        Set<String> holed = new HashSet<>();
        for (ManifestEntry e : before.subList(1, 3)) {
            Path file = Path.of(java.net.URI.create(e.labelUri()));
            LabelMap raw = org.gss.data.image.ImageCodec.decodeLabel(java.nio.file.Files.readAllBytes(file), "x");
            for (int y = 4; y < 12; y++) {
                for (int x = 10; x < 30; x++) {
                    raw.set(x, y, 0);
                }
            }
            java.nio.file.Files.write(file, org.gss.data.image.ImageCodec.encodeLabelPng(raw));
            holed.add(e.sampleId());
        }
        f.index(SPARK.session());
        TokenCacheSettings s = f.settings();
        DatasetLayout layout = DatasetReaders.open(s.dataset(), conf());
        List<ManifestEntry> manifest = ManifestStore.read(SPARK.session(), f.manifest.toString());
        Set<String> withUnlabeled = new HashSet<>();
        for (ManifestEntry e : manifest) {
            LabelMap l = ShardEncoder.readLabels(layout, e, conf());
            if (l.labeledCount() < l.size()) {
                withUnlabeled.add(e.sampleId());
            }
        }
        assertEquals(holed, withUnlabeled, "only the holed samples have unlabeled pixels");

        TokenCacheBuild.Result gt = TokenCacheBuild.run(SPARK.session(), s, "c");
        assertEquals(6, gt.samplesEncoded());
        StringBuilder log = new StringBuilder();
        assertEquals(Main.OK, CacheFixture.cli(f.sets(), log, "token-cache", "build", "--pseudo-labels", "nearest"),
                log.toString());
        assertTrue(log.toString().contains("6 samples (2 encoded, 4 reused), 24 entries (8 encoded, 16 reused),"
                + " 2 pseudo-labeled samples"), log.toString());

        TokenCacheReader gtReader = TokenCacheReader.open(conf(), f.root, gt.versionId());
        TokenCacheReader ps = TokenCacheReader.open(conf(), f.root);
        assertEquals("nearest-labeled-pixel/1", ps.version().key().pseudoSource());
        assertNotEquals(gt.versionId(), ps.version().id());
        CacheInputs in = CacheInputs.open(s, conf());
        SampleEncoder enc = new SampleEncoder(in.palette, s.tokenizer().open(), s.geometry());
        for (int i = 0; i < ps.rows().size(); i++) {
            VersionIndex.Row p = ps.rows().get(i);
            VersionIndex.Row g = gtReader.rows().get(i);
            assertEquals(g.sampleId() + g.view(), p.sampleId() + p.view());
            if (holed.contains(p.sampleId())) {
                assertNotEquals(g.entryKey(), p.entryKey());
                ManifestEntry e = manifest.stream().filter(m -> m.sampleId().equals(p.sampleId())).findFirst()
                        .orElseThrow();
                LabelMap labels = ShardEncoder.readLabels(layout, e, conf());
                LabelMap filled = new org.gss.tokenizer.cache.NearestLabelFill().fill(null, labels);
                TokenGrid expect = enc.encodeView(labels, filled, AugmentationView.parse(p.view()));
                TokenGrid got = ps.entry(p).orElseThrow().grid();
                assertEquals(expect, got);
                assertArrayEquals(gtReader.entry(g).orElseThrow().coverage(), got.coverage(),
                        "coverage stays that of the ground truth");
            } else {
                // fully labeled: the very same entry (and segment) as the ground-truth version
                assertEquals(g, p);
            }
        }
        assertTrue(TokenCacheVerify.run(SPARK.session(), s.withPseudoLabels("nearest"), Optional.empty()).ok());
        // back to ground truth: that version exists, so nothing is encoded
        TokenCacheBuild.Result back = TokenCacheBuild.run(SPARK.session(), s, "c");
        assertTrue(back.upToDate());
        assertEquals(gt.versionId(), back.versionId());
        assertEquals(gt.versionId(), TokenCacheReader.open(conf(), f.root).version().id());
        assertFalse(TokenCacheStatus.run(conf(), s).render().contains("STALE"));
    }
}
