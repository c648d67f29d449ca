package org.gss.data.layout;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.label.LabelMapping;
import org.gss.data.label.UnknownIdPolicy;

/**
 * mmseg's generic "custom" dataset: {@code <imgDir>/<id><imgSuffix>} ↔ {@code <annDir>/<id><segMapSuffix>}, with the
 * ids of a split listed one per line in {@code <splitDir>/<split>.txt} (defaults: {@code imgs/<id>_img.jpg},
 * {@code gts/<id>_gt.png}, {@code splits/<split>.txt}). Without a split folder every image is listed. Label PNGs hold
 * class indices (grey or palette-indexed: the palette index is the id); ids ≥ the number of classes are rejected unless
 * the policy says 255.
 */
public final class CustomLayout implements DatasetLayout {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "custom";
    public static final DirPairing MMSEG_PAIRING = new DirPairing("imgs", "", "_img.jpg", "gts", "", "_gt.png");

    private final String dataset;
    private final DirPairing pairing;
    private final String splitDir;
    private final LabelMapping mapping;

    /**
     * @param dataset  the dataset name samples carry
     * @param splitDir folder of {@code <split>.txt} id lists under the root; "" to list every image for any split
     * @param mapping  raw ids → training ids, e.g. {@link LabelMapping#identity}
     */
    public CustomLayout(String dataset, DirPairing pairing, String splitDir, LabelMapping mapping) {
        this.dataset = dataset;
        this.pairing = pairing;
        this.splitDir = splitDir;
        this.mapping = mapping;
    }

    /** The mmseg defaults with classes named in order; optionally mmseg's reduce-zero-label (0 → 255, k → k-1). */
    public static CustomLayout mmsegDefaults(List<String> classes, boolean reduceZeroLabel, UnknownIdPolicy unknownIds) {
        return new CustomLayout(NAME, MMSEG_PAIRING, "splits", classMapping(NAME, classes, reduceZeroLabel, unknownIds));
    }

    static LabelMapping classMapping(String dataset, List<String> classes, boolean reduceZeroLabel,
                                     UnknownIdPolicy unknownIds) {
        if (!reduceZeroLabel) {
            return LabelMapping.identity(dataset, classes, unknownIds);
        }
        int[] t = new int[classes.size() + 1];
        t[0] = 255;
        for (int k = 1; k < t.length; k++) {
            t[k] = k - 1;
        }
        return LabelMapping.of(dataset + " reduce-zero-label", t, classes, unknownIds);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SampleListing list(String rootUri, String split, Configuration conf, BadInputPolicy policy) {
        String root = HadoopFiles.qualify(rootUri, conf);
        if (splitDir.isEmpty()) {
            return PairCandidates.check(dataset, split, pairing.scan(root, split, conf), false, conf, policy);
        }
        String splitFile = HadoopFiles.resolve(root, splitDir + "/" + split + ".txt");
        List<String> ids = new ArrayList<>(HadoopFiles.readLines(splitFile, conf));
        return PairCandidates.check(dataset, split, pairing.fromIds(root, split, ids, splitFile, conf), true, conf,
                policy);
    }

    @Override
    public LabelMapping labelMapping(String dataset) {
        return mapping;
    }
}
