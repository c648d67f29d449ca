package org.gss.jobs.cache;

import org.gss.store.SegmentFiles;
import org.gss.store.TokenCacheReader;
import org.gss.store.VersionIndex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.gss.cli.Main;
import org.gss.data.image.BadInputException;
import org.gss.data.manifest.ManifestEntry;

import org.gss.store.ManifestStore;
import org.gss.testing.LocalSpark;
import org.gss.tokenizer.cache.CacheEntry;
import org.gss.tokenizer.cache.CacheVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Missing, changed and corrupt inputs and cache files: clear errors naming the file, the skip policy, verify. */
class TokenCacheInputTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);
    static CacheFixture data;
    static List<ManifestEntry> manifest;

    @BeforeAll
    static void setUp() {
        data = new CacheFixture(dir).synthAndIndex(SPARK.session());
        manifest = ManifestStore.read(SPARK.session(), data.manifest.toString());
    }

    static Configuration conf() {
        return SPARK.session().sparkContext().hadoopConfiguration();
    }

    static CacheFixture cache(String name) {
        return new CacheFixture(dir, dir.resolve(name).toString());
    }

    static Path labelOf(int i) {
        return Path.of(java.net.URI.create(manifest.get(i).labelUri()));
    }

    @Test
    void aMissingLabelFailsNamingTheFileOrIsSkippedAndReported() throws Exception {
        CacheFixture c = cache("missing-label");
        Path label = labelOf(3);
        Path aside = label.resolveSibling("aside.png");
        Files.move(label, aside);
        try {
            StringBuilder out = new StringBuilder();
            assertEquals(Main.FAILED, CacheFixture.cli(c.sets(), out, "token-cache", "build"));
            assertTrue(out.toString().contains("bad input") && out.toString().contains(label.toString())
                    && out.toString().contains("file not found"), out.toString());
            assertFalse(Files.exists(Path.of(c.root, "CURRENT")));

            out.setLength(0);
            assertEquals(Main.OK, CacheFixture.cli(c.sets("gss.dataset.bad-input=skip"), out, "token-cache", "build"),
                    out.toString());
            // shards that finished before the failed build stopped are reused
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("5 samples \\((\\d+) encoded, (\\d+) reused\\)")
                    .matcher(out);
            assertTrue(m.find() && Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) == 5, out.toString());
            assertTrue(out.toString().contains("skipped " + manifest.get(3).dataset() + "/" + manifest.get(3).split()
                    + "/" + manifest.get(3).sampleId()), out.toString());
            CacheVersion v = TokenCacheReader.open(conf(), c.root).version();
            assertEquals(5, v.counts().samples());
            assertEquals(1, v.skipped().size());
            assertEquals(label.toUri().toString().replace("file:///", "file:/"), v.skipped().get(0).file());
            assertTrue(TokenCacheVerify.run(SPARK.session(), c.settings(), Optional.empty()).ok());
        } finally {
            Files.move(aside, label);
        }
        // with the file back, the skipped sample is encoded and the others are reused
        TokenCacheBuild.Result r = TokenCacheBuild.run(SPARK.session(), c.settings(), "c");
        assertEquals(1, r.samplesEncoded());
        assertEquals(5, r.samplesReused());
    }

    @Test
    void aLabelChangedSinceIndexingAndAMissingManifestAreNamed() throws Exception {
        CacheFixture c = cache("changed");
        Path label = labelOf(1);
        byte[] original = Files.readAllBytes(label);
        Files.write(label, org.gss.data.image.ImageCodec.encodeLabelPng(
                org.gss.data.image.LabelMap.filled(64, 32, 7)));
        try {
            Exception e = assertThrows(Exception.class, () -> TokenCacheBuild.run(SPARK.session(), c.settings(), "c"));
            assertTrue(e.getMessage().contains(label.getFileName().toString())
                    && e.getMessage().contains("changed since it was indexed"), e.getMessage());
        } finally {
            Files.write(label, original);
        }
        BadInputException m = assertThrows(BadInputException.class, () -> TokenCacheBuild.run(SPARK.session(),
                c.settings("gss.token-cache.manifest=\"" + dir.resolve("no-manifest") + "\""), "c"));
        assertTrue(m.getMessage().contains("no-manifest") && m.getMessage().contains("_manifest.json"),
                m.getMessage());
    }

    @Test
    void configurationAndUsageErrorsAreClear() throws Exception {
        StringBuilder out = new StringBuilder();
        assertEquals(Main.USAGE, CacheFixture.cli(data.sets("gss.maskige.classes=5"), out, "token-cache", "build"));
        assertTrue(out.toString().contains("19 training classes") && out.toString().contains("gss.maskige.classes"),
                out.toString());
        out.setLength(0);
        assertEquals(Main.USAGE, CacheFixture.cli(data.sets(), out, "token-cache", "rebuild"));
        assertTrue(out.toString().contains("expected one action"), out.toString());
        out.setLength(0);
        assertEquals(Main.FAILED, CacheFixture.cli(data.sets(), out, "token-cache", "build", "--pseudo-labels",
                dir.resolve("stage2.zip").toString()));
        assertTrue(out.toString().contains("stage2.zip") && out.toString().contains("no Stage II checkpoint here"),
                out.toString());
        Path ckpt = Files.createDirectories(dir.resolve("stage2-bad/iter-00000001"));
        Files.writeString(ckpt.resolve("model.zip"), "not a zip");
        out.setLength(0);
        assertEquals(Main.FAILED, CacheFixture.cli(data.sets(), out, "token-cache", "build", "--pseudo-labels",
                ckpt.toString()));
        assertTrue(out.toString().contains(ckpt.resolve("model.zip").toString())
                && out.toString().contains("not a readable Stage II model"), out.toString());
    }

    @Test
    void verifyDetectsACorruptAndATamperedSegmentFileAndTheReaderRefusesIt() throws Exception {
        CacheFixture c = cache("corrupt");
        TokenCacheBuild.Result r = TokenCacheBuild.run(SPARK.session(), c.settings(), "c");
        assertTrue(TokenCacheVerify.run(SPARK.session(), c.settings(), Optional.empty()).ok());
        TokenCacheReader reader = TokenCacheReader.open(conf(), c.root);
        List<CacheVersion.Segment> segs = reader.version().segments();
        Path truncated = Path.of(c.root).resolve(segs.get(0).path());
        Path tampered = Path.of(c.root).resolve(segs.get(1).path());

        // a truncated file: unreadable, named
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        // a readable file whose entry bytes changed: the CRC32 catches it
        List<CacheEntry> entries = SegmentFiles.read(tampered.toString(), conf());
        CacheEntry e0 = entries.get(0);
        byte[] tokens = e0.tokens().clone();
        tokens[0] ^= 0x01;
        entries.set(0, new CacheEntry(e0.sampleKey(), e0.entryKey(), e0.view(), e0.sampleId(), e0.gridWidth(),
                e0.gridHeight(), e0.tokenBytes(), tokens, e0.coverage(), e0.unlabeledPixels(), e0.checksum()));
        Files.delete(tampered);
        SegmentFiles.write(tampered.toString(), entries, conf());

        TokenCacheVerify.Report v = TokenCacheVerify.run(SPARK.session(), c.settings(), Optional.empty());
        assertFalse(v.ok());
        assertTrue(v.problems().stream().anyMatch(p -> p.contains(truncated.getFileName().toString())
                && p.contains("unreadable")), v.message());
        assertTrue(v.problems().stream().anyMatch(p -> p.contains(tampered.getFileName().toString())
                && p.contains(e0.sampleId()) && p.contains("CRC32")), v.message());
        StringBuilder out = new StringBuilder();
        assertEquals(Main.FAILED, CacheFixture.cli(c.sets(), out, "token-cache", "verify"));
        assertTrue(out.toString().contains("PROBLEMS"), out.toString());

        VersionIndex.Row row = reader.rows().stream().filter(x -> x.entryId().equals(e0.id())).findFirst()
                .orElseThrow();
        BadInputException refused = assertThrows(BadInputException.class, () -> TokenCacheReader.open(conf(),
                c.root).entry(row));
        assertTrue(refused.getMessage().contains(tampered.getFileName().toString()), refused.getMessage());

        // a missing segment: named by verify; gc never deletes what the current version uses
        Files.delete(truncated);
        TokenCacheVerify.Report missing = TokenCacheVerify.run(SPARK.session(), c.settings(), Optional.empty());
        assertTrue(missing.problems().stream().anyMatch(p -> p.contains("missing segment file")
                && p.contains(truncated.getFileName().toString())), missing.message());
        // and a build repairs the version: it re-encodes exactly the lost segment's samples
        TokenCacheBuild.Result repaired = TokenCacheBuild.run(SPARK.session(), c.settings(), "c");
        assertEquals(r.versionId(), repaired.versionId());
        assertEquals(2, repaired.samplesEncoded());
        try (Stream<Path> s = Files.list(Path.of(c.root, "versions"))) {
            assertEquals(2, s.count(), "one version: its JSON and its index");
        }
    }
}
