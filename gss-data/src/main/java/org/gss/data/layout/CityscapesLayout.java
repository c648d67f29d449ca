package org.gss.data.layout;

import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.label.CityscapesLabels;
import org.gss.data.label.LabelMapping;
import org.gss.data.label.UnknownIdPolicy;

/**
 * The Cityscapes release layout under a root folder:
 * {@code leftImg8bit/<split>/<city>/<stem>_leftImg8bit.png} ↔ {@code gtFine/<split>/<city>/<stem>_gtFine_labelIds.png}.
 * Sample ids are {@code <city>/<stem>}. Labels are read as label <em>ids</em> and mapped to trainIds with the official
 * table (the {@code _labelTrainIds.png} files some tools write are not used: they are derived data and need not agree).
 */
public final class CityscapesLayout implements DatasetLayout {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "cityscapes";
    public static final DirPairing PAIRING = new DirPairing("leftImg8bit/{split}", "", "_leftImg8bit.png",
            "gtFine/{split}", "", "_gtFine_labelIds.png");

    private final LabelMapping mapping;

    /**
     * @param unknownIds what label ids outside the official table do: reject the file ({@link UnknownIdPolicy#FAIL},
     *                   the default) or become 255 ({@link UnknownIdPolicy#IGNORE}, as cityscapesScripts does)
     */
    public CityscapesLayout(UnknownIdPolicy unknownIds) {
        this.mapping = CityscapesLabels.official().idToTrainId(unknownIds);
    }

    public CityscapesLayout() {
        this(UnknownIdPolicy.FAIL);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SampleListing list(String rootUri, String split, Configuration conf, BadInputPolicy policy) {
        String root = HadoopFiles.qualify(rootUri, conf);
        return PairCandidates.check(NAME, split, PAIRING.scan(root, split, conf), false, conf, policy);
    }

    @Override
    public LabelMapping labelMapping(String dataset) {
        return mapping;
    }
}
