package org.gss.jobs.index;

import java.io.Serializable;
import org.gss.data.layout.SampleRef;

/** One sample to inspect and the shard it falls in. */
record IndexTask(SampleRef ref, int shard) implements Serializable {
}
