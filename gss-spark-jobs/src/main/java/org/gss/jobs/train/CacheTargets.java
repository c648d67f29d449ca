package org.gss.jobs.train;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.image.BadInputException;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;
import org.gss.store.TokenCacheReader;
import org.gss.tokenizer.cache.TokenGrid;

/**
 * {@link CachedTargets} from the token cache's {@code CURRENT} version (gss.token-cache.root), pinned when training
 * starts so that a build publishing a newer version mid-run does not change the targets under the run. Each executor
 * JVM opens one reader per version on first use and keeps it (readers hold the version index and a segment cache; they
 * are not shipped).
 */
final class CacheTargets implements CachedTargets {
    private final String root;
    private final String version;
    private final SerializableConfiguration conf;
    /** One reader per JVM and version: tasks deserialize their own CacheTargets each round, the index is large. */
    private static final Map<String, TokenCacheReader> READERS = new ConcurrentHashMap<>();

    private CacheTargets(String root, String version, SerializableConfiguration conf) {
        this.root = root;
        this.version = version;
        this.conf = conf;
    }

    /**
     * Opens the current version on the driver and checks that it can serve this run: encoded by the same tokenizer
     * weights, and holding every training view. Fails naming the cache otherwise.
     */
    static CachedTargets open(SparkSession spark, GssConfig cfg, String tokenizerFingerprint,
            List<AugmentationView> views) {
        return open(spark, Settings.of(cfg, "gss.token-cache").nonEmpty("root"), tokenizerFingerprint, views);
    }

    /** The same for the cache at {@code root} ({@code gss.token-cache.root}). */
    static CachedTargets open(SparkSession spark, String root, String tokenizerFingerprint,
            List<AugmentationView> views) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        TokenCacheReader current = TokenCacheReader.open(hadoop, root);
        String id = current.version().id();
        if (!current.version().key().tokenizer().equals(tokenizerFingerprint)) {
            throw new BadInputException(root, "token cache version " + id + " was encoded by other tokenizer weights"
                    + " than gss.tokenizer names: rebuild it (gss token-cache build) with this configuration");
        }
        List<String> missing = views.stream().map(AugmentationView::id)
                .filter(v -> !current.version().views().contains(v)).toList();
        if (!missing.isEmpty()) {
            throw new BadInputException(root, "token cache version " + id + " has views " + current.version().views()
                    + " but training draws " + missing + " too (gss.train.scales / flip): set gss.token-cache.scales"
                    + " and flip to the training views and rebuild it (gss token-cache build)");
        }
        return new CacheTargets(root, id, new SerializableConfiguration(hadoop));
    }

    @Override
    public String versionId() {
        return version;
    }

    @Override
    public Entry lookup(ManifestEntry sample, AugmentationView view) {
        TokenCacheReader reader = READERS.computeIfAbsent(root + "\u0000" + version,
                k -> TokenCacheReader.open(conf.value(), root, version));
        TokenGrid g = reader.lookup(sample.dataset(), sample.split(), sample.sampleId(), view)
                .orElseThrow(() -> new BadInputException(root, "token cache has no entry for " + sample.dataset() + "/"
                        + sample.split() + "/" + sample.sampleId() + " view " + view.id()
                        + ": rebuild it (gss token-cache build) with the training views"));
        return new Entry(g.tokens(), g.coverage());
    }
}
