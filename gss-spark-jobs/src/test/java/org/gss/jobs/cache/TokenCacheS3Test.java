package org.gss.jobs.cache;

import org.gss.store.TokenCacheReader;
import org.gss.store.VersionIndex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import org.gss.data.view.AugmentationView;
import org.gss.testing.LocalSpark;
import org.junit.jupiter.api.Assumptions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache on s3a, against a real S3-compatible server started here ({@link S3ProxyServer}: S3Proxy over jclouds'
 * in-memory blob store on 127.0.0.1, path-style). Credentials go into the session's Hadoop configuration
 * programmatically, in this test only (config files may not hold them).
 */
class TokenCacheS3Test {
    private static final String BUCKET = "gss-cache";
    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);
    static S3ProxyServer proxy;
    static AmazonS3 s3;

    @BeforeAll
    static void start() throws Exception {
        Optional<S3ProxyServer> server = S3ProxyServer.start(BUCKET, dir.resolve("s3proxy.log"));
        Assumptions.assumeTrue(server.isPresent(), "S3Proxy needs jakarta.annotation-api 2.1.1 and gson 2.11.0, which"
                + " are neither on this test classpath nor in the local Maven repository: see S3ProxyServer");
        proxy = server.get();
        Configuration c = SPARK.session().sparkContext().hadoopConfiguration();
        proxy.configure(c);
        s3 = AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint(), "us-east-1"))
                .withPathStyleAccessEnabled(true)
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(S3ProxyServer.ACCESS,
                        S3ProxyServer.SECRET))).build();
    }

    static String endpoint() {
        return "http://127.0.0.1:" + proxy.port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.shutdown();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /** Object key → ETag of everything in the bucket, listed with the AWS SDK (not through s3a). */
    static Map<String, String> objects() {
        Map<String, String> out = new HashMap<>();
        ListObjectsV2Request req = new ListObjectsV2Request().withBucketName(BUCKET);
        ListObjectsV2Result r;
        do {
            r = s3.listObjectsV2(req);
            for (S3ObjectSummary o : r.getObjectSummaries()) {
                out.put(o.getKey(), o.getETag());
            }
            req.setContinuationToken(r.getNextContinuationToken());
        } while (r.isTruncated());
        return out;
    }

    /** Pointers (CURRENT, LATEST) and reports are replaced in place: the second write must win, no temp left. */
    @Test
    void atomicWriteReplacesAnExistingObject() {
        Configuration conf = SPARK.session().sparkContext().hadoopConfiguration();
        String key = "s3a://" + BUCKET + "/pointers/LATEST";
        org.gss.data.fs.HadoopFiles.writeAtomically(key, "iter-10".getBytes(), conf);
        org.gss.data.fs.HadoopFiles.writeAtomically(key, "iter-20".getBytes(), conf);
        assertEquals("iter-20", new String(org.gss.data.fs.HadoopFiles.readAllBytes(key, conf)));
        assertTrue(objects().keySet().stream().filter(k -> k.startsWith("pointers/")).allMatch(
                k -> k.equals("pointers/LATEST")), objects().keySet().toString());
    }

    @Test
    void buildVerifyReadAndRebuildOnS3a() {
        CacheFixture f = new CacheFixture(dir, "s3a://" + BUCKET + "/caches/cs").synthAndIndex(SPARK.session());
        TokenCacheBuild.Result first = TokenCacheBuild.run(SPARK.session(), f.settings(), "c");
        assertEquals(6, first.samplesEncoded());
        Map<String, String> afterFirst = objects();
        Set<String> segments = new HashSet<>();
        afterFirst.keySet().stream().filter(k -> k.contains("/segments/") && k.endsWith(".parquet"))
                .forEach(segments::add);
        assertEquals(3, segments.size(), afterFirst.keySet().toString());
        assertTrue(afterFirst.containsKey("caches/cs/CURRENT"), afterFirst.keySet().toString());
        assertTrue(afterFirst.containsKey("caches/cs/versions/" + first.versionId() + ".json"));
        assertTrue(afterFirst.keySet().stream().noneMatch(k -> k.endsWith("_lock") || k.contains(".tmp-")),
                "no lock or temporary object left: " + afterFirst.keySet());

        Configuration conf = SPARK.session().sparkContext().hadoopConfiguration();
        TokenCacheReader reader = TokenCacheReader.open(conf, f.root);
        assertEquals(24, reader.rows().size());
        VersionIndex.Row row = reader.rows().get(5);
        assertTrue(reader.lookup(row.dataset(), row.split(), row.sampleId(), AugmentationView.parse(row.view()))
                .isPresent());
        assertEquals(24, reader.entries(SPARK.session()).count());
        TokenCacheVerify.Report v = TokenCacheVerify.run(SPARK.session(), f.settings(), Optional.empty());
        assertTrue(v.ok(), v.message());
        assertEquals(24, v.entriesChecked());

        // two more images: only their entries are written; the existing objects stay as they were
        f.with("gss.synth.train-images=6").synthAndIndex(SPARK.session());
        TokenCacheBuild.Result second = TokenCacheBuild.run(SPARK.session(), f.settings(), "c");
        assertEquals(2, second.samplesEncoded());
        assertEquals(6, second.samplesReused());
        assertEquals(2, second.segmentsWritten());
        Map<String, String> afterSecond = objects();
        for (String seg : segments) {
            assertEquals(afterFirst.get(seg), afterSecond.get(seg), seg + " was rewritten");
        }
        assertEquals(5, afterSecond.keySet().stream().filter(k -> k.contains("/segments/") && k.endsWith(".parquet"))
                .count());
        TokenCacheStatus.Report st = TokenCacheStatus.run(conf, f.settings());
        assertTrue(st.upToDate(), st.render());
        assertEquals(2, st.versions().size());
        assertEquals(List.of(), st.stale());
        assertTrue(TokenCacheBuild.run(SPARK.session(), f.settings(), "c").upToDate());
    }
}
