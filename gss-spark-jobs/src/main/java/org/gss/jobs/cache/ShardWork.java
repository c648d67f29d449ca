package org.gss.jobs.cache;

import java.io.Serializable;
import java.util.List;
import org.gss.data.layout.Skipped;
import org.gss.data.manifest.ManifestEntry;

/** The records a build's Spark tasks receive and return. */
final class ShardWork {
    private ShardWork() {
    }

    /**
     * One sample a task must read. The task picks the entry key: the pseudo key when there is one and the ground truth
     * has unlabeled pixels, else the base key; then it encodes that key's missing views.
     *
     * @param pseudoKey     "" in a ground-truth build
     * @param missingBase   views without an entry under the base key
     * @param missingPseudo views without an entry under the pseudo key
     */
    record SampleWork(ManifestEntry entry, String sampleKey, String baseKey, String pseudoKey,
            List<String> missingBase, List<String> missingPseudo) implements Serializable {
    }

    /** One build task: the samples of one manifest shard that need work. */
    record Task(String dataset, String split, int shard, List<SampleWork> samples) implements Serializable {
    }

    /** What a task decided for one sample: its entry key, the views it encoded, its ground truth's unlabeled count. */
    record SampleOutcome(String sampleKey, String entryKey, List<String> viewsEncoded, long unlabeledPixels)
            implements Serializable {
    }

    /**
     * A task's result.
     *
     * @param segment relative path of the segment it wrote, or "" if it encoded nothing
     */
    record Result(String dataset, String split, int shard, String segment, long bytes, long entries,
            List<SampleOutcome> samples, List<Skipped> skipped) implements Serializable {
    }
}
