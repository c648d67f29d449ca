package org.gss.data.label;

import java.util.List;

/**
 * ADE20K (SceneParsing / ADEChallengeData2016) classes as mmseg trains them. Raw annotations hold 0 = other/unlabeled
 * and 1..150 = the classes in objectInfo150 order; {@code reduce_zero_label} turns 0 into 255 and k into k-1.
 *
 * <p>Names are lines 2..151 of MSeg's {@code ade20k-151_names.txt} (identical, in order, to mmseg's
 * {@code ADE20KDataset.CLASSES}); colours are {@code ade20k-150_colors.txt} (= mmseg's PALETTE). MSeg's own
 * {@code ade20k-150_names.txt} is alphabetical and is <em>not</em> this order (see {@link MsegTaxonomy}).
 */
public final class Ade20kLabels {
    public static final int NUM_CLASSES = 150;
    static final String NAMES = "mseg/dataset_lists/ade20k-151/ade20k-151_names.txt";
    static final String COLORS = "mseg/dataset_lists/ade20k-150/ade20k-150_colors.txt";

    private static final class Holder {
        static final Ade20kLabels INSTANCE = new Ade20kLabels();
    }

    private final List<String> names;
    private final int[] colors;

    private Ade20kLabels() {
        List<String> raw = LabelResources.names(NAMES);
        if (raw.size() != NUM_CLASSES + 1 || !raw.get(0).equals("unlabeled")) {
            throw new IllegalStateException(NAMES + ": expected 'unlabeled' + 150 names, got " + raw.size() + " lines");
        }
        this.names = List.copyOf(raw.subList(1, raw.size()));
        this.colors = LabelResources.colors(COLORS);
        if (colors.length != NUM_CLASSES) {
            throw new IllegalStateException(COLORS + ": expected 150 colours, got " + colors.length);
        }
    }

    public static Ade20kLabels get() {
        return Holder.INSTANCE;
    }

    /** The 150 class names by training id (wall, building, sky, floor, tree, …). */
    public List<String> classNames() {
        return names;
    }

    /** mmseg's palette: the colour of each training id, packed 0xRRGGBB. */
    public int[] colors() {
        return colors.clone();
    }

    /**
     * Raw 0..150 → training ids: 0 → 255, k → k-1, 255 → 255. Ids 151..254 are not ADE20K ids: by default
     * ({@link UnknownIdPolicy#FAIL}) they reject the file, since they mean a wrong or corrupt annotation.
     */
    public LabelMapping reduceZeroLabel(UnknownIdPolicy unknownIds) {
        int[] t = new int[NUM_CLASSES + 1];
        t[0] = 255;
        for (int k = 1; k <= NUM_CLASSES; k++) {
            t[k] = k - 1;
        }
        return LabelMapping.of("ade20k reduce-zero-label", t, names, unknownIds);
    }

    public LabelMapping reduceZeroLabel() {
        return reduceZeroLabel(UnknownIdPolicy.FAIL);
    }

    /** Raw ids kept as they are (0 = "unlabeled" is then a class); for callers that want the 151-value encoding. */
    public LabelMapping raw151(UnknownIdPolicy unknownIds) {
        List<String> all = new java.util.ArrayList<>();
        all.add("unlabeled");
        all.addAll(names);
        return LabelMapping.identity("ade20k raw 151", all, unknownIds);
    }
}
