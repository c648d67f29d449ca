package org.gss.jobs.eval;

import java.io.Serializable;
import org.gss.data.manifest.ManifestEntry;

/** One sample to score (or, in the baseline pass, to count) for the result {@code key}. */
record EvalTask(String key, ManifestEntry sample) implements Serializable {
}
