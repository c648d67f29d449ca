package org.gss.jobs.eval;

/** The class ids predictions are written in, relative to the evaluated dataset. */
public enum PredictionTaxonomy {
    /** The dataset's own training ids (what its layout maps ground truth to): scored as they are. */
    DATASET,
    /** A universal taxonomy (MSeg's 194 classes): mapped onto each test dataset's classes before scoring. */
    UNIVERSAL;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
