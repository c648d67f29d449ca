package org.gss.data.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.image.BadInputException;
import org.gss.data.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopFilesTest {
    private final Configuration conf = new Configuration();

    @Test
    void readsTheSameBytesThroughPlainPathsAndFileUris() throws IOException {
        Path csv = SharedData.data("cityscapes/cityscapes_labels.csv");
        byte[] expected = Files.readAllBytes(csv);
        assertEquals(1633, expected.length);
        assertArrayEquals(expected, HadoopFiles.readAllBytes(csv.toString(), conf));
        assertArrayEquals(expected, HadoopFiles.readAllBytes(csv.toUri().toString(), conf)); // file:///abs
        assertArrayEquals(expected, HadoopFiles.readAllBytes("file:" + csv, conf)); // file:/abs
        Path relative = Path.of("").toAbsolutePath().relativize(csv);
        assertArrayEquals(expected, HadoopFiles.readAllBytes(relative.toString(), conf));
        assertEquals("file:" + csv, HadoopFiles.qualify(csv.toString(), conf));
    }

    @Test
    void missingFileIsBadInputNamingIt(@TempDir Path dir) {
        String missing = dir.resolve("nope.png").toString();
        BadInputException e = assertThrows(BadInputException.class, () -> HadoopFiles.readAllBytes(missing, conf));
        assertEquals(missing, e.file());
        assertTrue(e.getMessage().startsWith(missing + ": file not found"), e.getMessage());
        assertFalse(HadoopFiles.exists(missing, conf));
        BadInputException l = assertThrows(BadInputException.class,
                () -> HadoopFiles.listFiles(dir.resolve("no-dir").toString(), true, conf));
        assertTrue(l.getMessage().contains("no-dir: folder not found"), l.getMessage());
    }

    @Test
    void aSchemeWithoutAConnectorIsAnErrorNamingTheUri() {
        // gss-data does not ship hadoop-aws: s3a needs it on the classpath (gss-spark-jobs has it)
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> HadoopFiles.readAllBytes("nosuchfs://bucket/data/x.png", conf));
        assertTrue(e.getMessage().contains("nosuchfs://bucket/data/x.png"), e.getMessage());
    }

    @Test
    void listsRecursivelySortedAndSkipsHiddenEntries(@TempDir Path dir) throws IOException {
        Path pseudo = SharedData.data("mmseg_pseudo_dataset");
        List<String> all = HadoopFiles.listFiles(pseudo.toString(), true, conf);
        assertEquals(13, all.size()); // 5 gts + 5 imgs + 2 splits + README.md
        assertEquals("file:" + pseudo + "/README.md", all.get(0));
        assertEquals("file:" + pseudo + "/gts/00000_gt.png", all.get(1));
        assertEquals("file:" + pseudo + "/splits/val.txt", all.get(12));
        assertEquals(List.of("file:" + pseudo + "/README.md"), HadoopFiles.listFiles(pseudo.toString(), false, conf));

        Files.createDirectories(dir.resolve("b/.hidden"));
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("b/2.txt"), "x");
        Files.writeString(dir.resolve("b/.hidden/3.txt"), "x");
        Files.writeString(dir.resolve("a/1.txt"), "x");
        Files.writeString(dir.resolve(".tmp"), "x");
        assertEquals(List.of("file:" + dir + "/a/1.txt", "file:" + dir + "/b/2.txt"),
                HadoopFiles.listFiles(dir.toUri().toString(), true, conf));
    }

    @Test
    void readsLinesWithAnyLineEnd(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.txt");
        Files.write(f, "a\r\nb c\nd".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a", "b c", "d"), HadoopFiles.readLines(f.toString(), conf));
        Files.write(f, "a\n\nb\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a", "", "b"), HadoopFiles.readLines(f.toString(), conf));
    }

    @Test
    void atomicWriteReplacesWholeFilesAndLeavesNothingBehindOnFailure(@TempDir Path dir) throws IOException {
        String target = dir.resolve("sub/out.bin").toString();
        HadoopFiles.writeAtomically(target, new byte[] {1, 2, 3}, conf);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(Path.of(target)));
        HadoopFiles.writeAtomically("file:" + target, new byte[] {4, 5}, conf);
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(Path.of(target)));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HadoopFiles.writeAtomically(target,
                conf, out -> {
                    out.write(new byte[] {9, 9, 9});
                    throw new IOException("disk full (simulated)");
                }));
        assertTrue(e.getMessage().contains(target) && e.getMessage().contains("disk full"), e.getMessage());
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(Path.of(target)), "old content must survive");

        String fresh = dir.resolve("sub/never.bin").toString();
        assertThrows(UncheckedIOException.class, () -> HadoopFiles.writeAtomically(fresh, conf, out -> {
            out.write(1);
            throw new IOException("boom");
        }));
        assertFalse(Files.exists(Path.of(fresh)), "no half-written file under the final name");
        try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of("out.bin"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary or .crc files left");
        }
    }
}
