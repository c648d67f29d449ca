package org.gss.jobs.index;

import org.gss.store.ManifestStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gss.cli.Main;
import org.gss.config.GssConfig;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.manifest.SampleInspector;
import org.gss.data.testing.TestConfig;
import org.gss.testing.GssCli;
import org.gss.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** gss synth then gss index on embedded Spark: row counts, hashes, determinism, bad input. */
class IndexJobTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);

    static List<String> sets(Path data, Path out, String... more) {
        List<String> s = new java.util.ArrayList<>(List.of("gss.dataset.root=\"" + data + "\"",
                "gss.index.out=\"" + out + "\"", "gss.index.shard-size=4", "gss.synth.out=\"" + data + "\"",
                "gss.synth.width=64", "gss.synth.height=32", "gss.synth.train-images=6", "gss.synth.val-images=3",
                "gss.synth.classes=5"));
        s.addAll(Arrays.asList(more));
        return s;
    }

    static int cli(List<String> sets, String command, StringBuilder err) {
        GssCli.Run r = GssCli.run(sets, command);
        err.append(r.err()).append(r.out());
        return r.code();
    }

    @Test
    void synthThenIndexGivesOneVerifiedRowPerSampleAndIsRepeatable() throws Exception {
        Path data = dir.resolve("cs");
        Path out = dir.resolve("manifest-cs");
        StringBuilder log = new StringBuilder();
        assertEquals(0, cli(sets(data, out), "synth", log), log.toString());

        GssConfig cfg = TestConfig.of(sets(data, out)).load();
        IndexJob.Result first = IndexJob.run(SPARK.session(), cfg);
        assertEquals(9, first.samples());
        assertTrue(first.skipped().isEmpty());

        List<ManifestEntry> rows = ManifestStore.read(SPARK.session(), out.toString());
        assertEquals(9, rows.size());
        assertEquals(6, rows.stream().filter(r -> r.split().equals("train")).count());
        assertEquals(3, rows.stream().filter(r -> r.split().equals("val")).count());
        for (ManifestEntry r : rows) {
            assertEquals(64, r.width());
            assertEquals(32, r.height());
            assertEquals(SampleInspector.sha256(Files.readAllBytes(Path.of(java.net.URI.create(r.imageUri())))),
                    r.imageSha256(), r.imageUri());
            assertEquals(SampleInspector.sha256(Files.readAllBytes(Path.of(java.net.URI.create(r.labelUri())))),
                    r.labelSha256(), r.labelUri());
            assertTrue(r.labelUri().endsWith("_gtFine_labelIds.png"), r.labelUri());
        }
        // shards of 4 in id order within each split: train 4+2, val 3
        assertEquals(List.of(0, 0, 0, 0, 1, 1), rows.stream().filter(r -> r.split().equals("train"))
                .map(ManifestEntry::shard).toList());
        Map<String, Object> info = ManifestStore.info(out.toString(),
                SPARK.session().sparkContext().hadoopConfiguration());
        assertEquals(9, ((Number) info.get("samples")).intValue());
        assertEquals(first.contentHash(), info.get("contentHash"));
        assertEquals(cfg.hash(), info.get("configHash"));

        // re-indexing unchanged data gives the same manifest
        IndexJob.Result again = IndexJob.run(SPARK.session(), cfg);
        assertEquals(first.contentHash(), again.contentHash());
        assertEquals(rows, ManifestStore.read(SPARK.session(), out.toString()));
        try (Stream<Path> siblings = Files.list(dir)) {
            assertFalse(siblings.anyMatch(p -> p.getFileName().toString().contains(".tmp-")), "temp folder left over");
        }
    }

    @Test
    void corruptLabelFailsNamingTheFileOrIsSkippedAndListed() throws Exception {
        Path data = dir.resolve("corrupt");
        Path out = dir.resolve("manifest-corrupt");
        StringBuilder log = new StringBuilder();
        assertEquals(0, cli(sets(data, out), "synth", log), log.toString());
        Path victim;
        try (Stream<Path> files = Files.walk(data.resolve("gtFine/train"))) {
            victim = files.filter(p -> p.toString().endsWith("_gtFine_labelIds.png")).sorted().toList().get(1);
        }
        byte[] bytes = Files.readAllBytes(victim);
        Files.write(victim, Arrays.copyOf(bytes, bytes.length / 2));

        StringBuilder err = new StringBuilder();
        assertEquals(Main.FAILED, cli(sets(data, out), "index", err));
        assertTrue(err.toString().contains(victim.getFileName().toString()), err.toString());
        assertFalse(Files.exists(out), "a failed index must not publish a manifest");

        GssConfig skip = TestConfig.of(sets(data, out, "gss.dataset.bad-input=skip")).load();
        IndexJob.Result r = IndexJob.run(SPARK.session(), skip);
        assertEquals(8, r.samples());
        assertEquals(1, r.skipped().size());
        assertTrue(r.skipped().get(0).file().endsWith(victim.getFileName().toString()), r.skipped().toString());
        String listed = Files.readString(out.resolve("skipped.json"));
        assertTrue(listed.contains(victim.getFileName().toString()), listed);
        assertNotEquals(0, ManifestStore.read(SPARK.session(), out.toString()).size());
    }

    @Test
    void readingAnIncompleteManifestIsRefused() throws Exception {
        Path half = dir.resolve("half");
        Files.createDirectories(half.resolve("samples"));
        Exception e = assertThrows(RuntimeException.class, () -> ManifestStore.read(SPARK.session(), half.toString()));
        assertTrue(e.getMessage().contains("_manifest.json"), e.getMessage());
    }
}
