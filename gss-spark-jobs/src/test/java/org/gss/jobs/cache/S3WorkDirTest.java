package org.gss.jobs.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gss.cli.Main;
import org.gss.data.fs.HadoopFiles;
import org.gss.jobs.TestSpark;
import org.gss.maskige.FilePalette;
import org.gss.maskige.MaximalDistancePalette;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work dir on s3a (S3Proxy, as in {@link TokenCacheS3Test}): conf/demo.conf, shrunk, with {@code gss.work-dir} and
 * the palette file on the S3 server. {@code gss tokenizer train} writes the tokenizer weights there, the token-cache
 * build's tasks and a training round read them (and the palette) back from s3a, and manifest, cache and checkpoints
 * land there. Only the synthetic images stay local ({@code gss synth} writes local files).
 */
class S3WorkDirTest {
    private static final String BUCKET = "gss-work";
    private static final String WORK = "s3a://" + BUCKET + "/run";
    @TempDir
    static Path dir;
    static SparkSession spark;
    static S3ProxyServer proxy;

    @BeforeAll
    static void start() throws Exception {
        Optional<S3ProxyServer> server = S3ProxyServer.start(BUCKET, dir.resolve("s3proxy.log"));
        Assumptions.assumeTrue(server.isPresent(), "S3Proxy needs jakarta.annotation-api 2.1.1 and gson 2.11.0 in the"
                + " local Maven repository: see S3ProxyServer");
        proxy = server.get();
        spark = TestSpark.start(2);
        Configuration c = spark.sparkContext().hadoopConfiguration();
        proxy.configure(c);
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    static List<String> sets(String... more) {
        Path data = dir.resolve("data");
        List<String> s = new ArrayList<>(List.of(
                "gss.work-dir=\"" + WORK + "\"",
                "gss.dataset.root=\"" + data + "\"", "gss.synth.out=\"" + data + "\"",
                "gss.synth.train-images=4", "gss.synth.val-images=2",
                "gss.maskige.palette=file", "gss.maskige.palette-file=\"" + WORK + "/palette.txt\"",
                "gss.tokenizer.codebook-size=32", "gss.tokenizer.hidden=8", "gss.tokenizer.embedding-dim=8",
                "gss.tokenizer.train.iterations=8", "gss.tokenizer.train.batch=4", "gss.tokenizer.train.crop=32",
                "gss.tokenizer.train.log-every=8",
                "gss.train.crop=32", "gss.train.batch-per-worker=2", "gss.train.averaging-frequency=2",
                "gss.train.iterations=2", "gss.train.optimizer.warmup-iterations=1", "gss.train.log-every=1000", "gss.train.checkpoint-every=1000"));
        s.addAll(List.of(more));
        return s;
    }

    static void gss(String... args) {
        StringBuilder log = new StringBuilder();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", Path.of(System.getProperty("gsstest.project.dir", ".."))
                .resolve("conf/demo.conf").toString()));
        int code = CacheFixture.cli(sets(), log, all.toArray(String[]::new));
        assertEquals(Main.OK, code, String.join(" ", args) + ": " + log);
    }

    @Test
    void tokenizerCacheAndTrainingReadAndWriteTheWorkDirOnS3a() throws Exception {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path palette = dir.resolve("palette.txt");
        FilePalette.write(MaximalDistancePalette.create(8, 42), palette);
        HadoopFiles.writeAtomically(WORK + "/palette.txt", Files.readAllBytes(palette), conf);

        gss("synth");
        gss("index");
        gss("tokenizer", "train");
        gss("token-cache", "build");
        gss("train");

        Set<String> keys = new TreeSet<>();
        for (String f : HadoopFiles.listFiles(WORK, true, conf)) {
            keys.add(f.substring(f.indexOf("/run/") + 5));
        }
        assertTrue(keys.contains("tokenizer/own.zip"), keys.toString());
        assertTrue(keys.contains("token-cache/demo/CURRENT"), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("token-cache/demo/segments/")), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("manifest/demo/samples/")), keys.toString());
        assertTrue(keys.contains("train/checkpoints/LATEST"), keys.toString());
        assertTrue(keys.contains("train/metrics.csv"), keys.toString());
        String csv = new String(HadoopFiles.readAllBytes(WORK + "/train/metrics.csv", conf), StandardCharsets.UTF_8);
        assertTrue(csv.lines().skip(1).findFirst().orElse("").startsWith("2,"), csv);
        // no URI was taken for a local path (java.nio would have made a folder named "s3a:")
        assertFalse(Files.exists(Path.of("s3a:")), "a local folder 's3a:' was created");
    }
}
