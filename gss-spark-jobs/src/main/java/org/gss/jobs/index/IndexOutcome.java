package org.gss.jobs.index;

import java.io.Serializable;
import org.gss.data.layout.Skipped;
import org.gss.data.manifest.ManifestEntry;

/** What indexing one sample gave: a manifest row, or the reason it was skipped. */
record IndexOutcome(ManifestEntry entry, Skipped skipped) implements Serializable {
    static IndexOutcome ok(ManifestEntry e) {
        return new IndexOutcome(e, null);
    }

    static IndexOutcome skip(Skipped s) {
        return new IndexOutcome(null, s);
    }

    boolean isOk() {
        return entry != null;
    }
}
