package org.gss.jobs.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gss.jobs.TestSpark;
import org.gss.store.TokenCacheReader;
import org.gss.store.VersionIndex;
import org.gss.tokenizer.cache.TokenGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos: the S3 server goes away (SIGKILL) in the middle of a token-cache build on s3a, after the build has written its
 * first segment object. The build must fail with an error naming the cache, leave no version and no CURRENT behind
 * (readers keep what they had: nothing), and, once the server is back (same objects, same endpoint), a rerun must
 * publish a version with exactly the entries of a clean build on local disk. Nightly profile ({@code -Pchaos}): three
 * builds through S3Proxy took 11 minutes on the loaded 2-core development machine.
 */
@Tag("chaos-nightly")
class TokenCacheS3OutageTest {
    private static final String BUCKET = "gss-cache";
    private static final String ROOT = "s3a://" + BUCKET + "/caches/outage";
    /**
     * 12 train + 2 val samples, one per shard: 14 segments, written two at a time, so the kill lands mid-build; one view
     * per sample keeps the test short.
     */
    private static final String[] SIZES = {"gss.synth.train-images=12", "gss.index.shard-size=1",
        "gss.token-cache.scales=[1.0]", "gss.token-cache.flip=false"};
    @TempDir
    static Path dir;
    static SparkSession spark;
    static S3ProxyServer proxy;
    static AmazonS3 s3;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Optional<S3ProxyServer> server = startServer(0);
        Assumptions.assumeTrue(server.isPresent(), "S3Proxy cannot run here: see S3ProxyServer");
        proxy = server.get();
        port = proxy.port;
        spark = TestSpark.start(2);
        Configuration c = spark.sparkContext().hadoopConfiguration();
        String endpoint = "http://127.0.0.1:" + port;
        proxy.configure(c);
        s3 = AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, "us-east-1"))
                .withPathStyleAccessEnabled(true).withClientConfiguration(
                        new com.amazonaws.ClientConfiguration().withMaxErrorRetry(0))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(S3ProxyServer.ACCESS,
                        S3ProxyServer.SECRET))).build();
    }

    /** On a folder of files, so the server started again after the outage serves the objects written before it. */
    static Optional<S3ProxyServer> startServer(int onPort) throws Exception {
        return S3ProxyServer.start(BUCKET, dir.resolve("s3proxy.log"), dir.resolve("s3-objects"), onPort);
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        if (s3 != null) {
            s3.shutdown();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    static Set<String> keys(String prefix) {
        Set<String> out = new TreeSet<>();
        ListObjectsV2Request req = new ListObjectsV2Request().withBucketName(BUCKET).withPrefix(prefix);
        ListObjectsV2Result r;
        do {
            r = s3.listObjectsV2(req);
            for (S3ObjectSummary o : r.getObjectSummaries()) {
                out.add(o.getKey());
            }
            req.setContinuationToken(r.getNextContinuationToken());
        } while (r.isTruncated());
        return out;
    }

    @Test
    void s3ServerLostMidBuildFailsNamingTheCacheLeavesNoVersionAndARerunCompletes() throws Exception {
        CacheFixture f = new CacheFixture(dir, ROOT).with(SIZES).synthAndIndex(spark);
        String prefix = "caches/outage/";

        StringBuilder log = new StringBuilder();
        long t0 = System.nanoTime();
        CompletableFuture<Integer> build = CompletableFuture.supplyAsync(
                () -> CacheFixture.cli(f.sets(), log, "token-cache", "build"));
        // event-driven: the server dies as soon as the first segment object is listed, whatever the machine's speed
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        Set<String> before = Set.of();
        while (before.stream().noneMatch(k -> k.contains("/segments/") && k.endsWith(".parquet"))) {
            if (build.isDone()) {
                fail("the build ended before any segment was seen; the kill could not land mid-build:\n" + log);
            }
            if (System.nanoTime() > deadline) {
                fail("no segment object within 5 minutes:\n" + log);
            }
            Thread.sleep(20);
            before = keys(prefix);
        }
        proxy.kill();
        long killedAt = System.nanoTime();
        int code = build.get(5, TimeUnit.MINUTES);
        String failed = log.toString();
        System.out.printf("[chaos] S3 server killed %d ms into the build, with %s listed; the build exited %d %d ms "
                + "later%n", (killedAt - t0) / 1_000_000, before, code, (System.nanoTime() - killedAt) / 1_000_000);
        assertNotEquals(0, code, "the build succeeded although its store went away:\n" + failed);
        assertTrue(failed.contains(ROOT), "the error does not name the cache " + ROOT + ":\n" + failed);

        proxy = startServer(port).orElseThrow();
        Set<String> after = keys(prefix);
        assertFalse(after.contains(prefix + "CURRENT"), "a CURRENT pointer after a failed build: " + after);
        assertTrue(after.stream().noneMatch(k -> k.startsWith(prefix + "versions/")),
                "a (partial) version published by a failed build: " + after);
        // the killed build could not remove its lock from a store that was gone: the next build names it and says how
        // to clear it; the operator does so (docs/token-cache.md) once the holder has stopped, as here
        if (after.contains(prefix + "_lock")) {
            StringBuilder lockedLog = new StringBuilder();
            assertNotEquals(0, CacheFixture.cli(f.sets(), lockedLog, "token-cache", "build"), lockedLog.toString());
            assertTrue(lockedLog.toString().contains(ROOT + "/_lock") && lockedLog.toString().contains("--break-lock"),
                    lockedLog.toString());
            s3.deleteObject(BUCKET, prefix + "_lock");
        }

        StringBuilder rerunLog = new StringBuilder();
        assertEquals(0, CacheFixture.cli(f.sets(), rerunLog, "token-cache", "build"), rerunLog.toString());
        System.out.printf("[chaos] rerun after the restart: %s%n", rerunLog.toString().lines()
                .filter(l -> l.contains("token-cache build: version")).findFirst().orElse("(no summary line)"));
        assertTrue(keys(prefix).contains(prefix + "CURRENT"));

        // the same entries as a clean build on local disk (segments written before the outage included)
        CacheFixture clean = new CacheFixture(dir, dir.resolve("clean-cache").toString()).with(SIZES);
        StringBuilder cleanLog = new StringBuilder();
        assertEquals(0, CacheFixture.cli(clean.sets(), cleanLog, "token-cache", "build"), cleanLog.toString());
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        TokenCacheReader expected = TokenCacheReader.open(conf, clean.root);
        TokenCacheReader actual = TokenCacheReader.open(conf, ROOT);
        assertEquals(expected.version().id(), actual.version().id());
        assertEquals(14, actual.rows().size(), "14 samples × 1 view");
        assertEquals(entries(expected), entries(actual));

        // the killed build's temporary segment objects are debris no reader sees; gc removes them
        assertEquals(0, CacheFixture.cli(f.sets(), new StringBuilder(), "token-cache", "gc"));
        Set<String> left = keys(prefix);
        assertTrue(left.stream().noneMatch(k -> k.contains(".tmp-")), "temporary objects after gc: " + left);
    }

    static Map<String, TokenGrid> entries(TokenCacheReader reader) {
        Map<String, TokenGrid> out = new TreeMap<>();
        for (VersionIndex.Row row : reader.rows()) {
            out.put(String.join("/", row.dataset(), row.split(), row.sampleId(), row.view()),
                    reader.entry(row).orElseThrow().grid());
        }
        return out;
    }
}
