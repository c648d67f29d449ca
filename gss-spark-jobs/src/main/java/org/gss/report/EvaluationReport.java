package org.gss.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gss.eval.DomainMetrics;
import org.gss.eval.HarmonicMean;
import org.gss.eval.MeanMode;

/**
 * Everything one {@code gss evaluate} run found, in the order the datasets were configured; the report writers
 * ({@link ReportWriter}) render it. Values stay raw (confusion counts); means are derived, in percent.
 *
 * @param headline   the mean over classes that tables and charts show (both are always in metrics.json)
 * @param configJson canonical JSON of the run's {@code gss} configuration
 */
public record EvaluationReport(String createdAt, String configHash, String configJson, PredictionSource source,
        MeanMode headline, List<DatasetResult> datasets, List<SkippedInput> skipped) {
    public EvaluationReport {
        datasets = List.copyOf(datasets);
        skipped = List.copyOf(skipped);
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("an evaluation report needs at least one dataset");
        }
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (DatasetResult d : datasets) {
            if (seen.put(d.name(), true) != null) {
                throw new IllegalArgumentException("dataset name '" + d.name() + "' appears twice");
            }
        }
    }

    /** Per-dataset metrics as the cross-domain summary sees them. */
    public DomainMetrics domainMetrics() {
        DomainMetrics m = new DomainMetrics();
        datasets.forEach(d -> m.add(d.name(), d.metrics()));
        return m;
    }

    /** n / Σ(1/mIoUᵢ) over the datasets, under {@code mode}. */
    public HarmonicMean.Result harmonicMean(MeanMode mode) {
        return domainMetrics().harmonicMeanMIoU(mode);
    }

    /** The same for the image-blind baselines, over the datasets that have one (NaN for the others). */
    public HarmonicMean.Result baselineHarmonicMean(MeanMode mode) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (DatasetResult d : datasets) {
            values.put(d.name(), d.baseline().available() ? d.baseline().metrics().mIoU(mode) : Double.NaN);
        }
        return HarmonicMean.ofNamed(values);
    }

    public boolean anyBaseline() {
        return datasets.stream().anyMatch(d -> d.baseline().available());
    }
}
