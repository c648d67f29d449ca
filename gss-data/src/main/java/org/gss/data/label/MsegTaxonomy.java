package org.gss.data.label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MSeg's universal taxonomy ({@code MSeg_master.tsv} of mseg-api, shipped with this module) and the mappings around it,
 * computed the way mseg-api's {@code TaxonomyConverter} does:
 *
 * <ul>
 *   <li><b>Universal ids</b> are the row order of the {@code universal} column: 194 classes 0..193 (backpack … window_blind);
 *       the last row, {@code unlabeled}, is 255.</li>
 *   <li><b>Dataset → universal</b> ({@link #toUniversal}): each training-side column (the columns left of
 *       {@code universal}, e.g. {@code cityscapes-19-relabeled}, {@code sunrgbd-37}) lists, per universal row, the
 *       dataset's class name(s) that merge into it ({@code {a, b}} = several). A dataset id is the line number of its
 *       name in {@code <ds>_names.txt}. Names in the {@code unlabeled} row map to 255. A dataset with no column of its
 *       own (e.g. raw {@code ade20k-151}, {@code sunrgbd-38}) is first mapped by <em>name</em> through a shipped
 *       {@code <from>_to_<to>.tsv} table into one that has a column.</li>
 *   <li><b>Universal → test</b> ({@link #universalToTest}): each test-side column (voc2012, pascal-context-60,
 *       camvid-11, wilddash-19, kitti-19, scannet-20) names, per universal row, the one test class it counts as; blank =
 *       no counterpart (255). Several universal classes can feed one test class (e.g. 176 voc2012 rows → background).</li>
 * </ul>
 * Relabeled datasets ({@code -relabeled}) are what MSeg/GSS train on; their label PNGs hold ids of the relabeled names
 * list. Test datasets keep their own taxonomy on disk ({@link #labelMapping} is then the identity).
 */
public final class MsegTaxonomy {
    static final String MASTER = "mseg/class_remapping_files/MSeg_master.tsv";
    public static final int NUM_UNIVERSAL_CLASSES = 194;
    public static final String UNLABELED = "unlabeled";

    /** The relabeled training datasets of MSeg (and GSS's MSeg config). */
    public static final List<String> TRAINING_DATASETS = List.of("ade20k-150-relabeled", "bdd-relabeled",
            "cityscapes-19-relabeled", "coco-panoptic-133-relabeled", "idd-39-relabeled", "mapillary-public65-relabeled",
            "sunrgbd-37-relabeled");
    /** The six zero-shot test datasets, whose mIoUs make the harmonic mean. */
    public static final List<String> TEST_DATASETS = List.of("voc2012", "pascal-context-60", "camvid-11",
            "wilddash-19", "kitti-19", "scannet-20");

    /** Name-remapping tables shipped under {@code mseg/class_remapping_files/} (from → to). */
    static final List<String> REMAP_TABLES = List.of("ade20k-150_to_ade20k-150-relabeled", "ade20k-151_to_ade20k-150",
            "bdd_to_bdd-relabeled", "camvid-32_to_camvid-11", "cityscapes-19_to_cityscapes-19-relabeled",
            "cityscapes-34_to_cityscapes-19", "cityscapes-34_to_cityscapes-34-relabeled",
            "coco-panoptic-133_to_coco-panoptic-133-relabeled", "coco-panoptic-201_to_coco-panoptic-133",
            "idd-39_to_idd-39-relabeled", "idd-40_to_idd-39", "kitti-34_to_kitti-19",
            "mapillary-public65_to_mapillary-public65-relabeled", "mapillary-public66_to_mapillary-public65",
            "scannet-41_to_scannet-20", "sunrgbd-37_to_sunrgbd-37-relabeled", "sunrgbd-38_to_sunrgbd-37",
            "wilddash-34_to_wilddash-19");

    private static final class Holder {
        static final MsegTaxonomy INSTANCE = new MsegTaxonomy(LabelResources.lines(MASTER));
    }

    private final List<String> universal;
    /** Column name → cell per universal row (row index = universal id, the unlabeled row last). */
    private final Map<String, String[]> trainColumns = new LinkedHashMap<>();
    private final Map<String, String[]> testColumns = new LinkedHashMap<>();
    private final int unlabeledRow;
    private final Map<String, List<String>> namesCache = new ConcurrentHashMap<>();

    private MsegTaxonomy(List<String> lines) {
        List<String[]> rows = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                rows.add(line.split("\t", -1));
            }
        }
        String[] header = rows.get(0);
        int uCol = indexOf(header, "universal");
        List<String[]> body = rows.subList(1, rows.size());
        List<String> names = new ArrayList<>();
        int unl = -1;
        for (int r = 0; r < body.size(); r++) {
            String u = cell(body.get(r), uCol);
            if (u.isEmpty()) {
                throw new IllegalStateException(MASTER + " row " + (r + 2) + ": empty universal class");
            }
            if (names.contains(u)) {
                throw new IllegalStateException(MASTER + " row " + (r + 2) + ": duplicate universal class " + u);
            }
            names.add(u);
            if (u.equals(UNLABELED)) {
                unl = r;
            }
        }
        if (unl != body.size() - 1 || unl != NUM_UNIVERSAL_CLASSES) {
            throw new IllegalStateException(MASTER + ": expected 194 universal classes and 'unlabeled' as the last row, got "
                    + body.size() + " rows with 'unlabeled' at " + unl);
        }
        this.unlabeledRow = unl;
        this.universal = List.copyOf(names.subList(0, unl));
        for (int c = 1; c < header.length; c++) {
            String name = header[c].strip();
            if (c < uCol) {
                trainColumns.put(name, column(body, c));
            } else if (TEST_DATASETS.contains(name)) {
                testColumns.put(name, column(body, c));
            }
        }
        for (String t : TEST_DATASETS) {
            if (!testColumns.containsKey(t)) {
                throw new IllegalStateException(MASTER + ": no column for test dataset " + t);
            }
        }
    }

    /** The shipped taxonomy. */
    public static MsegTaxonomy get() {
        return Holder.INSTANCE;
    }

    /** The 194 universal class names, index = universal id. */
    public List<String> universalClasses() {
        return universal;
    }

    /** Universal id of a class name; 255 for {@code unlabeled}. */
    public int universalId(String name) {
        if (name.equals(UNLABELED)) {
            return 255;
        }
        int i = universal.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("'" + name + "' is not a universal MSeg class");
        }
        return i;
    }

    /** Training-side columns of the master table (datasets that map into the universal taxonomy). */
    public List<String> trainingColumns() {
        return List.copyOf(trainColumns.keySet());
    }

    public boolean isTestDataset(String dataset) {
        return testColumns.containsKey(dataset);
    }

    /** Class names of a dataset's label ids (line i of its {@code _names.txt} = id i). */
    public List<String> datasetClasses(String dataset) {
        return namesCache.computeIfAbsent(dataset, d -> {
            String res = "mseg/dataset_lists/" + d + "/" + d + "_names.txt";
            if (!LabelResources.exists(res)) {
                throw new IllegalArgumentException("no class list shipped for MSeg dataset '" + d + "' (" + res + ")");
            }
            return LabelResources.names(res);
        });
    }

    /** {@link #toUniversal(String, UnknownIdPolicy)} rejecting ids outside the dataset's class list. */
    public LabelMapping toUniversal(String dataset) {
        return toUniversal(dataset, UnknownIdPolicy.FAIL);
    }

    /**
     * Dataset ids → universal ids (255 for classes MSeg leaves unlabeled, and for 255). Works for every training-side
     * column that has a class list, and for raw variants reachable by name through a shipped {@code _to_} table.
     */
    public LabelMapping toUniversal(String dataset, UnknownIdPolicy unknownIds) {
        String[] col = trainColumns.get(dataset);
        if (col != null) {
            return directToUniversal(dataset, col, unknownIds);
        }
        for (String table : REMAP_TABLES) {
            if (table.startsWith(dataset + "_to_")) {
                String to = table.substring(dataset.length() + 4);
                if (trainColumns.containsKey(to) || REMAP_TABLES.stream().anyMatch(t -> t.startsWith(to + "_to_"))) {
                    return remapByName(dataset, to, unknownIds).andThen(toUniversal(to, unknownIds));
                }
            }
        }
        if (isTestDataset(dataset)) {
            throw new IllegalArgumentException("'" + dataset + "' is a test taxonomy: universal predictions are mapped"
                    + " into it with universalToTest, its labels are not mapped to the universal taxonomy");
        }
        throw new IllegalArgumentException("MSeg dataset '" + dataset + "' has no column in " + MASTER
                + " and no remapping table into one; training-side columns: " + trainColumns.keySet());
    }

    private LabelMapping directToUniversal(String dataset, String[] col, UnknownIdPolicy unknownIds) {
        List<String> classes = datasetClasses(dataset);
        if (classes.size() > 255) {
            throw new IllegalArgumentException(dataset + " has " + classes.size() + " classes: not an 8-bit taxonomy");
        }
        int[] table = new int[classes.size()];
        Arrays.fill(table, LabelMapping.UNDEFINED);
        for (int row = 0; row < col.length; row++) {
            int uid = row == unlabeledRow ? 255 : row;
            for (String name : parseCell(col[row])) {
                int id = classes.indexOf(name);
                if (id < 0) {
                    throw new IllegalStateException(MASTER + " row " + (row + 2) + ", column " + dataset + ": '" + name
                            + "' is not in " + dataset + "_names.txt");
                }
                if (table[id] != LabelMapping.UNDEFINED) {
                    throw new IllegalStateException(MASTER + ", column " + dataset + ": class '" + name
                            + "' is mapped twice");
                }
                table[id] = uid;
            }
        }
        return LabelMapping.of(dataset + " → universal", table, universal, unknownIds);
    }

    /**
     * Universal id → test-dataset id, 194 entries; 255 where the universal class has no counterpart in the test
     * taxonomy. Apply it to a universal prediction to score it against the test dataset's own labels.
     */
    public int[] universalToTest(String testDataset) {
        String[] col = testColumns.get(testDataset);
        if (col == null) {
            throw new IllegalArgumentException("'" + testDataset + "' is not an MSeg test dataset; test datasets: "
                    + TEST_DATASETS);
        }
        List<String> classes = datasetClasses(testDataset);
        int[] out = new int[NUM_UNIVERSAL_CLASSES];
        for (int row = 0; row < NUM_UNIVERSAL_CLASSES; row++) {
            String cell = col[row];
            if (cell.isEmpty()) {
                out[row] = 255;
                continue;
            }
            if (cell.startsWith("{")) {
                throw new IllegalStateException(MASTER + " row " + (row + 2) + ", column " + testDataset
                        + ": a test cell must name one class, got " + cell);
            }
            int id = classes.indexOf(cell);
            if (id < 0) {
                throw new IllegalStateException(MASTER + " row " + (row + 2) + ", column " + testDataset + ": '" + cell
                        + "' is not in " + testDataset + "_names.txt");
            }
            out[row] = id;
        }
        return out;
    }

    /** {@link #universalToTest} as a label mapping (universal ids 194..254 are undefined and rejected). */
    public LabelMapping universalToTestMapping(String testDataset) {
        return LabelMapping.of("universal → " + testDataset, universalToTest(testDataset),
                datasetClasses(testDataset), UnknownIdPolicy.FAIL);
    }

    /**
     * Ids of {@code from} → ids of {@code to}, matched by class name through {@code <from>_to_<to>.tsv}; a target
     * named {@code unlabeled} that is not a class of {@code to} means 255.
     */
    public LabelMapping remapByName(String from, String to, UnknownIdPolicy unknownIds) {
        String tableName = from + "_to_" + to;
        if (!REMAP_TABLES.contains(tableName)) {
            throw new IllegalArgumentException("no remapping table " + tableName + ".tsv is shipped; available: "
                    + REMAP_TABLES);
        }
        String res = "mseg/class_remapping_files/" + tableName + ".tsv";
        List<String> fromNames = datasetClasses(from);
        List<String> toNames = datasetClasses(to);
        int[] table = new int[fromNames.size()];
        Arrays.fill(table, LabelMapping.UNDEFINED);
        List<String> lines = LabelResources.lines(res);
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] p = lines.get(n).split("\t", -1);
            if (p.length != 2) {
                throw new IllegalStateException(res + " line " + (n + 1) + ": expected 2 tab-separated names");
            }
            String a = p[0].strip();
            String b = p[1].strip();
            int src = fromNames.indexOf(a);
            if (src < 0) {
                if (a.equals(UNLABELED)) {
                    continue; // the source's own 255
                }
                throw new IllegalStateException(res + " line " + (n + 1) + ": '" + a + "' is not a class of " + from);
            }
            int dst = toNames.indexOf(b);
            if (dst < 0) {
                if (!b.equals(UNLABELED)) {
                    throw new IllegalStateException(res + " line " + (n + 1) + ": '" + b + "' is not a class of " + to);
                }
                dst = 255;
            }
            if (table[src] != LabelMapping.UNDEFINED && table[src] != dst) {
                // identical repeats occur upstream (cityscapes-34_to_cityscapes-34-relabeled lists 'unlabeled' twice)
                throw new IllegalStateException(res + " line " + (n + 1) + ": '" + a + "' is mapped to two classes");
            }
            table[src] = dst;
        }
        return LabelMapping.of(from + " → " + to, table, toNames, unknownIds);
    }

    /**
     * What a label PNG of {@code dataset} trains or evaluates as: test datasets keep their own ids (identity over their
     * class list), their raw variants (camvid-32, kitti-34, wilddash-34, scannet-41) are mapped by name into them, and
     * every other dataset maps into the universal taxonomy.
     */
    public LabelMapping labelMapping(String dataset, UnknownIdPolicy unknownIds) {
        if (isTestDataset(dataset)) {
            return LabelMapping.identity(dataset, datasetClasses(dataset), unknownIds);
        }
        for (String table : REMAP_TABLES) {
            String to = table.startsWith(dataset + "_to_") ? table.substring(dataset.length() + 4) : null;
            if (to != null && isTestDataset(to)) {
                return remapByName(dataset, to, unknownIds); // raw test variant, e.g. camvid-32 → camvid-11
            }
        }
        return toUniversal(dataset, unknownIds);
    }

    /** For each universal id, the classes of {@code dataset} merged into it (empty list: none). Useful in reports. */
    public Map<Integer, List<String>> datasetClassesByUniversalId(String dataset) {
        String[] col = trainColumns.containsKey(dataset) ? trainColumns.get(dataset) : testColumns.get(dataset);
        if (col == null) {
            throw new IllegalArgumentException("'" + dataset + "' is not a column of " + MASTER);
        }
        Map<Integer, List<String>> out = new HashMap<>();
        for (int row = 0; row < NUM_UNIVERSAL_CLASSES; row++) {
            out.put(row, parseCell(col[row]));
        }
        return out;
    }

    /** A master-table cell: blank = none, {@code {a, b}} = several names, otherwise one name. */
    static List<String> parseCell(String cell) {
        String c = cell.strip();
        if (c.isEmpty()) {
            return List.of();
        }
        if (c.startsWith("{")) {
            if (!c.endsWith("}")) {
                throw new IllegalStateException(MASTER + ": unbalanced braces in cell '" + cell + "'");
            }
            List<String> out = new ArrayList<>();
            for (String s : c.substring(1, c.length() - 1).split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
            return List.copyOf(out);
        }
        return List.of(c);
    }

    private static String[] column(List<String[]> body, int c) {
        String[] out = new String[body.size()];
        for (int r = 0; r < body.size(); r++) {
            out[r] = cell(body.get(r), c);
        }
        return out;
    }

    private static String cell(String[] row, int c) {
        return c < row.length ? row[c].strip() : "";
    }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].strip().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException(MASTER + ": no column '" + name + "'");
    }
}
