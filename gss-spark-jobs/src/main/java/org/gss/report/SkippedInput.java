package org.gss.report;

import java.io.Serializable;

/** A sample left out of the scores under {@code bad-input = skip}: which result it belonged to, the file and why. */
public record SkippedInput(String dataset, String split, String id, String file, String reason) implements Serializable {
}
