package org.gss.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Named per-dataset results of one model (e.g. the six MSeg test datasets), in insertion order, with the
 * cross-domain summaries: the harmonic mean of the mIoUs (MSeg's headline) and their arithmetic mean.
 */
public final class DomainMetrics {
    private final Map<String, SegmentationMetrics> datasets = new LinkedHashMap<>();

    /** Adds one dataset's metrics; a name may appear once. Returns this. */
    public DomainMetrics add(String dataset, SegmentationMetrics metrics) {
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank");
        }
        if (datasets.putIfAbsent(dataset, metrics) != null) {
            throw new IllegalArgumentException("dataset '" + dataset + "' was already added");
        }
        return this;
    }

    /** Dataset name → metrics, in the order added (read-only view). */
    public Map<String, SegmentationMetrics> datasets() {
        return Collections.unmodifiableMap(datasets);
    }

    public SegmentationMetrics get(String dataset) {
        SegmentationMetrics m = datasets.get(dataset);
        if (m == null) {
            throw new IllegalArgumentException("no dataset '" + dataset + "'; have " + datasets.keySet());
        }
        return m;
    }

    /** Each dataset's mIoU (percent) under the given mean mode, in order. */
    public Map<String, Double> mIoUs(MeanMode mode) {
        Map<String, Double> out = new LinkedHashMap<>();
        datasets.forEach((name, m) -> out.put(name, m.mIoU(mode)));
        return out;
    }

    /** n / Σ(1/mIoUᵢ) over datasets with a defined mIoU (percent); the result names any left out. */
    public HarmonicMean.Result harmonicMeanMIoU(MeanMode mode) {
        return HarmonicMean.ofNamed(mIoUs(mode));
    }

    /** Plain mean of the defined per-dataset mIoUs (percent); NaN if none. */
    public double arithmeticMeanMIoU(MeanMode mode) {
        double sum = 0;
        int n = 0;
        for (double v : mIoUs(mode).values()) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** One line per dataset plus the harmonic mean, all in percent, with the mean mode named. */
    public String summary(MeanMode mode) {
        StringBuilder sb = new StringBuilder();
        mIoUs(mode).forEach((name, v) -> sb.append(String.format(Locale.ROOT, "%s mIoU %.2f%n", name, v)));
        HarmonicMean.Result h = harmonicMeanMIoU(mode);
        sb.append(String.format(Locale.ROOT, "h.mean mIoU %.2f (%s; %s)%n", h.value(), h.note(), mode.label()));
        return sb.toString();
    }
}
