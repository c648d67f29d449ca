package org.gss.jobs.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gss.eval.ConfusionMatrix;
import org.gss.report.Panel;
import org.gss.report.SkippedInput;

/**
 * What one partition found, per result key: model and baseline confusion matrices (64-bit counts), images scored,
 * each prediction's content hash, skipped samples and panels. Partitions' scores are merged on the driver.
 */
record PartitionScores(Map<String, ConfusionMatrix> model, Map<String, ConfusionMatrix> baseline,
        Map<String, Long> images, List<Digest> digests, List<SkippedInput> skipped, List<KeyedPanel> panels)
        implements Serializable {

    /** The content hash of one prediction. */
    record Digest(String key, String id, String sha256) implements Serializable {
    }

    record KeyedPanel(String key, Panel panel) implements Serializable {
    }

    static PartitionScores empty() {
        return new PartitionScores(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
    }

    ConfusionMatrix model(String key, int k) {
        return model.computeIfAbsent(key, x -> new ConfusionMatrix(k));
    }

    ConfusionMatrix baseline(String key, int k) {
        return baseline.computeIfAbsent(key, x -> new ConfusionMatrix(k));
    }

    /** Adds another partition's scores into this one (driver side). */
    PartitionScores merge(PartitionScores o) {
        o.model.forEach((k, m) -> model.merge(k, m, ConfusionMatrix::merge));
        o.baseline.forEach((k, m) -> baseline.merge(k, m, ConfusionMatrix::merge));
        o.images.forEach((k, n) -> images.merge(k, n, Long::sum));
        digests.addAll(o.digests);
        skipped.addAll(o.skipped);
        panels.addAll(o.panels);
        return this;
    }
}
