package org.gss.jobs.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.image.BadInputException;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;
import org.gss.jobs.cache.TokenCacheReader;
import org.gss.tokenizer.cache.TokenGrid;

/**
 * {@link CachedTargets} from the token cache's {@code CURRENT} version (gss.token-cache.root). Executors open their own
 * reader on first use (readers hold file handles and a segment cache; they are not shipped).
 */
final class CacheTargets implements CachedTargets {
    private final String root;
    private final SerializableConfiguration conf;
    private transient TokenCacheReader reader;

    private CacheTargets(String root, SerializableConfiguration conf) {
        this.root = root;
        this.conf = conf;
    }

    static CachedTargets open(SparkSession spark, GssConfig cfg) {
        String root = Settings.of(cfg, "gss.token-cache").nonEmpty("root");
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        TokenCacheReader.open(hadoop, root); // fail on the driver, naming the cache, if there is no current version
        return new CacheTargets(root, new SerializableConfiguration(hadoop));
    }

    @Override
    public synchronized Entry lookup(ManifestEntry sample, AugmentationView view) {
        if (reader == null) {
            reader = TokenCacheReader.open(conf.value(), root);
        }
        TokenGrid g = reader.lookup(sample.dataset(), sample.split(), sample.sampleId(), view)
                .orElseThrow(() -> new BadInputException(root, "token cache has no entry for " + sample.dataset() + "/"
                        + sample.split() + "/" + sample.sampleId() + " view " + view.id()
                        + ": rebuild it (gss token-cache build) with the training views"));
        return new Entry(g.tokens(), g.coverage());
    }
}
