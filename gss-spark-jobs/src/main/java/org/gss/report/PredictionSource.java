package org.gss.report;

/**
 * What produced the predictions of a report: {@code kind} is {@code png-folder} (prediction PNGs read as they are) or
 * {@code checkpoint} (a model run); {@code location} the folder(s) or checkpoint; {@code id} a content hash (of every
 * prediction file, or of the checkpoint) so that two reports can be compared for "same predictions".
 */
public record PredictionSource(String kind, String location, String id) {
}
