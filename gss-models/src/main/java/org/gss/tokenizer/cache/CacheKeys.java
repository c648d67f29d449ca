package org.gss.tokenizer.cache;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.gss.config.GssConfig;
import org.gss.data.label.LabelMapping;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.ViewGeometry;
import org.gss.maskige.Palette;

/** The hashes that key cache entries and versions. All are SHA-256 hex of a canonical text. */
public final class CacheKeys {
    private CacheKeys() {
    }

    /**
     * A sample's identity for the cache: its dataset (the taxonomy its label file is written in, e.g. an MSeg domain)
     * and the SHA-256 of its image and label files. Split and id are not part of it: moving or renaming a sample keeps
     * its entries. The image is part of it because pseudo-label fills look at it.
     */
    public static String sampleKey(String dataset, String imageSha256, String labelSha256) {
        return GssConfig.sha256("gss-sample/1\n" + dataset + "\n" + imageSha256 + "\n" + labelSha256);
    }

    public static String sampleKey(ManifestEntry e) {
        return sampleKey(e.dataset(), e.imageSha256(), e.labelSha256());
    }

    /** Class colours in id order and the ignore colour (the source text is not part of it: equal colours, equal key). */
    public static String paletteHash(Palette p) {
        StringBuilder sb = new StringBuilder("gss-palette/1 K=").append(p.numClasses());
        for (int[] c : p.colours()) {
            sb.append(';').append(c[0]).append(',').append(c[1]).append(',').append(c[2]);
        }
        int[] ig = p.ignoreColour();
        sb.append(";ignore=").append(ig[0]).append(',').append(ig[1]).append(',').append(ig[2]);
        return GssConfig.sha256(sb.toString());
    }

    /** A label mapping by what it does: the 256-entry table, the target classes and the policy for undefined ids. */
    public static String mappingHash(LabelMapping m) {
        return GssConfig.sha256("gss-mapping/1 table=" + Arrays.toString(m.table()) + " targets="
                + String.join("|", m.targetClasses()) + " unknown=" + m.unknownIds());
    }

    /** Base size and token size, e.g. {@code base=2048x1024,token=8}. */
    public static String geometry(ViewGeometry g) {
        return String.format(Locale.ROOT, "base=%dx%d,token=%d", g.baseLong(), g.baseShort(), g.tokenSize());
    }

    /** The view set in its configured order. */
    public static String viewsHash(List<AugmentationView> views) {
        return GssConfig.sha256("gss-views/1 " + String.join(",", views.stream().map(AugmentationView::id).toList()));
    }
}
