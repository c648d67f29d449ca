package org.gss.jobs.eval;

import org.gss.data.image.LabelMap;

/**
 * A predictor's answer for one image: label ids in the predictor's taxonomy (255 = no prediction), where they came from
 * (a file, or the model) for error messages, and a content hash for the run's prediction-source id.
 */
public record Prediction(LabelMap labels, String source, String sha256) {
}
