package org.gss.jobs.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gss.cli.Main;
import org.gss.data.DatasetReaders;
import org.gss.data.image.LabelMap;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.LabelOps;
import org.gss.eval.ConfusionMatrix;
import org.gss.jobs.TestSpark;
import org.gss.maskige.NearestColourInverse;
import org.gss.store.ManifestStore;
import org.gss.store.TokenCacheReader;
import org.gss.tokenizer.cache.SampleEncoder;
import org.gss.tokenizer.cache.TokenGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gss token-cache bench} (= {@code gss bench token-cache}) on the cache fixture of gss-spark-jobs' tests (in
 * that fixture's package, which the test jar provides): the Stage I reconstruction it reports is that of decoding
 * every cached entry, and the command still runs under its token-cache spelling.
 */
class TokenCacheBenchTest {
    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.start(2);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    static Configuration conf() {
        return spark.sparkContext().hadoopConfiguration();
    }

    @Test
    void benchReconstructsEveryCachedEntryAsDecodingThemDoesAndFillsPseudoLabeledOnesAlike() {
        CacheFixture f = new CacheFixture(dir.resolve("one")).synthAndIndex(spark);
        StringBuilder log = new StringBuilder();
        assertEquals(Main.OK, CacheFixture.cli(f.sets(), log, "token-cache", "build"), log.toString());

        // decode every cached entry (decoder + nearest colour) against its view labels
        TokenCacheSettings s = f.settings();
        TokenCacheReader reader = TokenCacheReader.open(conf(), f.root);
        CacheInputs in = CacheInputs.open(s, conf());
        SampleEncoder enc = new SampleEncoder(in.palette, s.tokenizer().open(), s.geometry());
        NearestColourInverse inverse = new NearestColourInverse(in.palette);
        DatasetLayout layout = DatasetReaders.open(s.dataset(), conf());
        ConfusionMatrix fromCache = new ConfusionMatrix(19);
        List<ManifestEntry> manifest = ManifestStore.read(spark, f.manifest.toString());
        for (ManifestEntry e : manifest) {
            LabelMap labels = ShardEncoder.readLabels(layout, e, conf());
            for (AugmentationView v : reader.views()) {
                TokenGrid cached = reader.lookup(e.dataset(), e.split(), e.sampleId(), v).orElseThrow();
                fromCache.accumulate(LabelOps.view(labels, s.geometry(), v), enc.reconstruct(cached, inverse));
            }
        }

        // the bench job computes the same reconstruction over all entries
        TokenCacheBench.Result bench = TokenCacheBench.run(spark, s, Optional.empty());
        assertEquals(fromCache, bench.reconstruction());
        assertEquals(24, bench.entriesMeasured());
        assertTrue(bench.crop().total() > 0 && bench.crop().equal() <= bench.crop().total());

        // a pseudo-labeled version: the bench fills the same way (the fixture leaves 5 % of the pixels unlabeled)
        StringBuilder fill = new StringBuilder();
        assertEquals(Main.OK, CacheFixture.cli(f.sets(), fill, "token-cache", "build", "--pseudo-labels", "nearest"),
                fill.toString());
        TokenCacheReader ps = TokenCacheReader.open(conf(), f.root);
        assertTrue(ps.version().counts().pseudoLabeledSamples() > 0, fill.toString());
        TokenCacheBench.Result pseudo = TokenCacheBench.run(spark, s, Optional.empty());
        assertEquals(24, pseudo.entriesMeasured(), pseudo.message());
        assertTrue(pseudo.message().contains("version " + ps.version().id()), pseudo.message());

        // both spellings of the command reach it (gss-bench's bench command, found through ServiceLoader)
        for (List<String> args : List.of(List.of("token-cache", "bench"), List.of("bench", "token-cache"))) {
            StringBuilder out = new StringBuilder();
            assertEquals(Main.OK, CacheFixture.cli(f.sets(), out, args.toArray(String[]::new)), out.toString());
            assertTrue(out.toString().contains("token-cache bench: version " + ps.version().id() + ", 24 entries"),
                    out.toString());
        }
    }
}
