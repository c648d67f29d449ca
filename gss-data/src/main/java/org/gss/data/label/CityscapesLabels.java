package org.gss.data.label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The official Cityscapes label table ({@code cityscapesscripts/helpers/labels.py}, shipped as
 * {@code cityscapes_labels.csv}): 34 label ids (plus "license plate" with id -1), of which 19 are evaluated and carry
 * trainIds 0..18; everything else, and any id not in the table, trains as 255.
 */
public final class CityscapesLabels {
    public static final int NUM_TRAIN_CLASSES = 19;
    static final String RESOURCE = "cityscapes_labels.csv";

    /** One row of the table. Colours are packed 0xRRGGBB. */
    public record Label(String name, int id, int trainId, String category, int categoryId, boolean hasInstances,
                        boolean ignoreInEval, int color) {
    }

    private static final class Holder {
        static final CityscapesLabels INSTANCE = parse(LabelResources.lines(RESOURCE), RESOURCE);
    }

    private final List<Label> labels;
    private final List<String> trainNames;
    private final int[] trainColors;
    private final int[] idToTrainId;

    private CityscapesLabels(List<Label> labels) {
        this.labels = List.copyOf(labels);
        String[] names = new String[NUM_TRAIN_CLASSES];
        int[] colors = new int[NUM_TRAIN_CLASSES];
        int[] table = new int[256];
        Arrays.fill(table, LabelMapping.UNDEFINED);
        for (Label l : labels) {
            int train = l.trainId() < 0 || l.trainId() == 255 ? 255 : l.trainId();
            if (train != 255) {
                if (train >= NUM_TRAIN_CLASSES || names[train] != null) {
                    throw new IllegalStateException(RESOURCE + ": trainId " + train + " of '" + l.name()
                            + "' is out of range or used twice");
                }
                names[train] = l.name();
                colors[train] = l.color();
            }
            if (l.id() >= 0 && l.id() < 255) {
                table[l.id()] = train;
            }
        }
        for (int t = 0; t < NUM_TRAIN_CLASSES; t++) {
            if (names[t] == null) {
                throw new IllegalStateException(RESOURCE + ": no label has trainId " + t);
            }
        }
        this.trainNames = List.of(names);
        this.trainColors = colors;
        this.idToTrainId = table;
    }

    /** The shipped official table. */
    public static CityscapesLabels official() {
        return Holder.INSTANCE;
    }

    /** Parses the CSV (header {@code name,id,trainId,category,categoryId,hasInstances,ignoreInEval,r,g,b}). */
    public static CityscapesLabels parse(List<String> lines, String source) {
        if (lines.isEmpty()) {
            throw new IllegalStateException(source + ": empty");
        }
        String[] header = lines.get(0).split(",", -1);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            col.put(header[i].strip(), i);
        }
        for (String k : List.of("name", "id", "trainId", "category", "categoryId", "hasInstances", "ignoreInEval", "r",
                "g", "b")) {
            if (!col.containsKey(k)) {
                throw new IllegalStateException(source + ": header lacks column '" + k + "'");
            }
        }
        List<Label> out = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] c = lines.get(n).split(",", -1);
            if (c.length != header.length) {
                throw new IllegalStateException(source + " line " + (n + 1) + ": " + c.length + " fields, expected "
                        + header.length);
            }
            try {
                int rgb = (Integer.parseInt(c[col.get("r")].strip()) << 16)
                        | (Integer.parseInt(c[col.get("g")].strip()) << 8) | Integer.parseInt(c[col.get("b")].strip());
                out.add(new Label(c[col.get("name")].strip(), Integer.parseInt(c[col.get("id")].strip()),
                        Integer.parseInt(c[col.get("trainId")].strip()), c[col.get("category")].strip(),
                        Integer.parseInt(c[col.get("categoryId")].strip()),
                        Boolean.parseBoolean(c[col.get("hasInstances")].strip()),
                        Boolean.parseBoolean(c[col.get("ignoreInEval")].strip()), rgb));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(source + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return new CityscapesLabels(out);
    }

    /** All rows, in table order. */
    public List<Label> labels() {
        return labels;
    }

    /** The 19 class names by trainId (road, sidewalk, …, bicycle). */
    public List<String> trainClassNames() {
        return trainNames;
    }

    /** The official colour of each trainId, packed 0xRRGGBB. */
    public int[] trainColors() {
        return trainColors.clone();
    }

    /** trainId of a label id; 255 for ignored classes and for ids not in the table. */
    public int trainId(int labelId) {
        if (labelId < 0 || labelId > 255) {
            return 255;
        }
        int t = idToTrainId[labelId];
        return t == LabelMapping.UNDEFINED ? 255 : t;
    }

    /**
     * labelIds → trainIds. Ids outside the table (34..254) become 255 by default ({@link UnknownIdPolicy#IGNORE}),
     * as in cityscapesScripts; pass {@link UnknownIdPolicy#FAIL} to reject such files instead.
     */
    public LabelMapping idToTrainId(UnknownIdPolicy unknownIds) {
        return LabelMapping.of("cityscapes labelIds → trainIds", idToTrainId, trainNames, unknownIds);
    }

    public LabelMapping idToTrainId() {
        return idToTrainId(UnknownIdPolicy.IGNORE);
    }
}
