package org.gss.data.synth;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link SyntheticDatasetWriter#write} did.
 *
 * @param layout          the layout written
 * @param root            the dataset root
 * @param filesWritten    files created or replaced (images, labels, list files)
 * @param filesUnchanged  files that already held exactly these bytes and were left untouched
 * @param bytes           total size of all files of the dataset (written or unchanged)
 * @param samplesPerSplit samples per split ("train", "val"), summed over domains for mseg
 * @param samples         every sample, in (domain, split, index) order
 */
public record SynthSummary(SynthLayout layout, Path root, int filesWritten, int filesUnchanged, long bytes,
        Map<String, Integer> samplesPerSplit, List<SynthSample> samples) {
    public SynthSummary {
        samplesPerSplit = Map.copyOf(samplesPerSplit);
        samples = List.copyOf(samples);
    }

    public int files() {
        return filesWritten + filesUnchanged;
    }
}
