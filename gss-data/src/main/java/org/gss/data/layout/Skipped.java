package org.gss.data.layout;

import java.io.Serializable;

/** A sample left out under {@link BadInputPolicy#SKIP}: which one, the file at fault, and why. */
public record Skipped(String dataset, String split, String id, String file, String reason) implements Serializable {
}
