package org.gss.jobs.eval;

import java.io.Serializable;
import java.util.Set;
import org.gss.data.DatasetSettings;
import org.gss.eval.ClassMapping;

/**
 * What executors need to score the samples of one result (one dataset column): how to read ground truth
 * ({@code labels}: the layout settings, opened per partition), how many classes, how predictions map into them, the
 * predictor, the baseline prior (or null) and which samples become report panels.
 */
record ResultPlan(String key, DatasetSettings labels, int numClasses, ClassMapping mapping, PredictorFactory predictor,
        PositionPrior prior, Set<String> panelIds, int panelWidth) implements Serializable {
}
