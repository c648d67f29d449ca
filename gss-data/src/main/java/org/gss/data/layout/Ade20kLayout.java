package org.gss.data.layout;

import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.label.Ade20kLabels;
import org.gss.data.label.LabelMapping;
import org.gss.data.label.UnknownIdPolicy;

/**
 * The ADE20K SceneParsing release ({@code ADEChallengeData2016.zip}) under a root folder:
 * {@code ADEChallengeData2016/images/<training|validation>/<id>.jpg} ↔
 * {@code ADEChallengeData2016/annotations/<training|validation>/<id>.png}. Splits {@code train}/{@code val} (or the
 * folder names themselves) are accepted; samples carry {@code train}/{@code val}. Labels are raw 0..150 and, by
 * default, reduced to 150 classes with 0 → 255 (mmseg's {@code reduce_zero_label}).
 */
public final class Ade20kLayout implements DatasetLayout {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "ade20k";
    public static final String DEFAULT_SUBDIR = "ADEChallengeData2016";

    private final String subdir;
    private final LabelMapping mapping;

    /**
     * @param subdir          folder of the release under the root ("" if the root is that folder)
     * @param reduceZeroLabel train on 150 classes (true, the ADE20K benchmark) or keep the raw 151 values
     * @param unknownIds      what ids above 150 do (default: reject the file)
     */
    public Ade20kLayout(String subdir, boolean reduceZeroLabel, UnknownIdPolicy unknownIds) {
        this.subdir = subdir;
        this.mapping = reduceZeroLabel ? Ade20kLabels.get().reduceZeroLabel(unknownIds)
                : Ade20kLabels.get().raw151(unknownIds);
    }

    public Ade20kLayout() {
        this(DEFAULT_SUBDIR, true, UnknownIdPolicy.FAIL);
    }

    /** train|training → train, val|validation → val. */
    public static String canonicalSplit(String split) {
        return switch (split) {
            case "train", "training" -> "train";
            case "val", "validation" -> "val";
            default -> throw new IllegalArgumentException("ADE20K split '" + split
                    + "': expected train (training) or val (validation)");
        };
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SampleListing list(String rootUri, String split, Configuration conf, BadInputPolicy policy) {
        String canonical = canonicalSplit(split);
        String folder = canonical.equals("train") ? "training" : "validation";
        String base = subdir.isEmpty() ? "" : subdir + "/";
        DirPairing pairing = new DirPairing(base + "images/" + folder, "", ".jpg", base + "annotations/" + folder, "",
                ".png");
        String root = HadoopFiles.qualify(rootUri, conf);
        return PairCandidates.check(NAME, canonical, pairing.scan(root, canonical, conf), false, conf, policy);
    }

    @Override
    public LabelMapping labelMapping(String dataset) {
        return mapping;
    }
}
