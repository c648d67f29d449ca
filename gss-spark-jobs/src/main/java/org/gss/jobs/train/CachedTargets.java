package org.gss.jobs.train;

import java.io.Serializable;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;

/** Token targets from the token cache: the view's full token and coverage maps of a sample. */
interface CachedTargets extends Serializable {
    record Entry(int[] tokens, byte[] coverage) {
    }

    Entry lookup(ManifestEntry sample, AugmentationView view);

    /** The cache version the targets come from (recorded in checkpoints). */
    String versionId();
}
