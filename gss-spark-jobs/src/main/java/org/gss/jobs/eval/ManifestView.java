package org.gss.jobs.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.gss.data.image.BadInputException;
import org.gss.data.manifest.ManifestEntry;
import org.gss.store.ManifestStore;

/**
 * A published sample manifest as evaluation sees it: its rows, and what {@code _manifest.json} recorded (dataset name,
 * layout, root, content hash).
 */
record ManifestView(String location, String dataset, String layout, String root, String contentHash,
        List<ManifestEntry> rows) {

    static ManifestView read(SparkSession spark, String location) {
        Map<String, Object> info = ManifestStore.info(location, spark.sparkContext().hadoopConfiguration());
        List<ManifestEntry> rows = ManifestStore.read(spark, location);
        return new ManifestView(location, str(info, "dataset", location), str(info, "layout", location),
                str(info, "root", location), str(info, "contentHash", location), rows);
    }

    private static String str(Map<String, Object> info, String key, String location) {
        Object v = info.get(key);
        if (v == null) {
            throw new BadInputException(location, "_manifest.json has no '" + key + "'");
        }
        return v.toString();
    }

    /** Rows of one split (and domain, unless null), in manifest order. */
    List<ManifestEntry> rows(String split, String domain) {
        List<ManifestEntry> out = new ArrayList<>();
        for (ManifestEntry e : rows) {
            if (e.split().equals(split) && (domain == null || e.dataset().equals(domain))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The domains (manifest dataset names) of a split, or of every split when split is null, in manifest order. */
    List<String> domains(String split) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (ManifestEntry e : rows) {
            if (split == null || e.split().equals(split)) {
                out.add(e.dataset());
            }
        }
        return new ArrayList<>(out);
    }
}
