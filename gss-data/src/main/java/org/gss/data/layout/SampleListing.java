package org.gss.data.layout;

import java.util.List;

/** The samples of one listing, sorted, and those left out under {@link BadInputPolicy#SKIP}. */
public record SampleListing(List<SampleRef> samples, List<Skipped> skipped) {
    public SampleListing {
        samples = List.copyOf(samples);
        skipped = List.copyOf(skipped);
    }
}
