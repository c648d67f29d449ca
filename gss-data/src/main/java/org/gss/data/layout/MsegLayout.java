package org.gss.data.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.ConfinedPaths;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.data.label.LabelMapping;
import org.gss.data.label.MsegTaxonomy;
import org.gss.data.label.UnknownIdPolicy;

/**
 * MSeg: several datasets ("domains"), each named by its taxonomy in {@code MSeg_master.tsv}
 * ({@code cityscapes-19-relabeled}, {@code sunrgbd-37}, {@code voc2012}, …). Label files stay in the domain's own id
 * space on disk; {@link #labelMapping} maps training domains into the 194-class universal taxonomy and keeps test
 * domains in their own taxonomy (see {@link MsegTaxonomy#labelMapping}).
 *
 * <p>Where a domain's files are ({@link Domain}) comes in two forms:
 * <ol>
 *   <li><b>Pair lists</b>, as mseg-api ships them: {@code <lists>/<domain>/list/<split>.txt}, each line
 *       {@code <image path> <label path>} relative to the domain's dataset folder. Sample id = image path without
 *       extension, minus the folders all images of the list share.</li>
 *   <li><b>Folder pairing</b> ({@link DirPairing}), as GSS's MSeg config and the SUN RGB-D sample use it:
 *       {@code image/<split>/img-XXXXXX.jpg} ↔ {@code semseg-label37/<split>/00XXXXXX.png}; every image is listed,
 *       or the ids of a split file.</li>
 * </ol>
 *
 * <p><b>The synthetic "MSeg-style" layout</b> (what the project's generator writes, and the default of
 * {@link Domain#pairList}):
 * <pre>
 * &lt;root&gt;/&lt;domain&gt;/images/&lt;split&gt;/&lt;id&gt;.jpg
 * &lt;root&gt;/&lt;domain&gt;/labels/&lt;split&gt;/&lt;id&gt;.png          8-bit grey PNG: ids of &lt;domain&gt;_names.txt, 255 = unlabeled
 * &lt;root&gt;/dataset_lists/&lt;domain&gt;/list/&lt;split&gt;.txt    lines "images/&lt;split&gt;/&lt;id&gt;.jpg labels/&lt;split&gt;/&lt;id&gt;.png"
 * </pre>
 * Listing it gives samples with dataset {@code <domain>} and id {@code <id>}.
 */
public final class MsegLayout implements DatasetLayout {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "mseg";
    /** Where pair lists are, relative to the layout root: mseg-api's {@code dataset_lists} tree. */
    public static final String DEFAULT_LIST_TEMPLATE = "dataset_lists/{dataset}/list/{split}.txt";

    /**
     * One MSeg dataset and where its files are.
     *
     * @param dataset      taxonomy name ({@code MSeg_master.tsv} column or test dataset)
     * @param dir          the dataset's folder, relative to the layout root (or an absolute URI)
     * @param listTemplate split file ({@code {dataset}}, {@code {split}} substituted), relative to the layout root or
     *                     absolute: pairs when {@code pairing} is null, ids when it is set; null = list all images
     * @param pairing      folder pairing, or null for the pair-list form
     */
    public record Domain(String dataset, String dir, String listTemplate, DirPairing pairing)
            implements java.io.Serializable {
        public Domain {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(dir, "dir");
            if (pairing == null && listTemplate == null) {
                throw new IllegalArgumentException(dataset + ": a pair-list domain needs a list file template");
            }
        }

        /** The pair-list form in the synthetic / mseg-api layout: {@code <root>/<dataset>} + {@link #DEFAULT_LIST_TEMPLATE}. */
        public static Domain pairList(String dataset) {
            return new Domain(dataset, dataset, DEFAULT_LIST_TEMPLATE, null);
        }

        /** Folder pairing over every image of a split. */
        public static Domain pairing(String dataset, String dir, DirPairing pairing) {
            return new Domain(dataset, dir, null, pairing);
        }

        /**
         * SUN RGB-D as MSeg stores it: {@code image/<split>/img-XXXXXX.jpg} ↔ {@code semseg-label37/<split>/00XXXXXX.png}
         * (taxonomy {@code sunrgbd-37}) or {@code semseg-relabeled37/...} ({@code sunrgbd-37-relabeled}).
         */
        public static Domain sunRgbd(boolean relabeled, String dir) {
            return pairing(relabeled ? "sunrgbd-37-relabeled" : "sunrgbd-37", dir,
                    new DirPairing("image/{split}", "img-", ".jpg",
                            (relabeled ? "semseg-relabeled37" : "semseg-label37") + "/{split}", "00", ".png"));
        }

        String listFile(String root, String split) {
            return HadoopFiles.resolve(root, listTemplate.replace("{dataset}", dataset).replace("{split}", split));
        }
    }

    private final List<Domain> domains;
    private final Map<String, LabelMapping> mappings = new LinkedHashMap<>();

    public MsegLayout(List<Domain> domains, UnknownIdPolicy unknownIds) {
        this(domains, d -> MsegTaxonomy.get().labelMapping(d, unknownIds));
    }

    /**
     * Domains whose label mapping is given, not looked up in MSeg's tables: e.g. synthetic multi-domain sets whose
     * label files all use one shared taxonomy ({@link LabelMapping#identity}).
     */
    public MsegLayout(List<Domain> domains, java.util.function.Function<String, LabelMapping> mappingFor) {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("an MSeg layout needs at least one domain");
        }
        this.domains = List.copyOf(domains);
        for (Domain d : domains) {
            if (mappings.put(d.dataset(), mappingFor.apply(d.dataset())) != null) {
                throw new IllegalArgumentException("MSeg domain '" + d.dataset() + "' is configured twice");
            }
        }
    }

    public List<Domain> domains() {
        return domains;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SampleListing list(String rootUri, String split, Configuration conf, BadInputPolicy policy) {
        String root = HadoopFiles.qualify(rootUri, conf);
        List<SampleRef> samples = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Domain d : domains) {
            String datasetRoot = HadoopFiles.resolve(root, d.dir());
            SampleListing one;
            if (d.pairing() == null) {
                one = PairCandidates.check(d.dataset(), split, pairList(d.listFile(root, split), datasetRoot, conf),
                        true, conf, policy);
            } else if (d.listTemplate() == null) {
                one = PairCandidates.check(d.dataset(), split, d.pairing().scan(datasetRoot, split, conf), false, conf,
                        policy);
            } else {
                String ids = d.listFile(root, split);
                one = PairCandidates.check(d.dataset(), split,
                        d.pairing().fromIds(datasetRoot, split, HadoopFiles.readLines(ids, conf), ids, conf), true,
                        conf, policy);
            }
            samples.addAll(one.samples());
            skipped.addAll(one.skipped());
        }
        samples.sort(Comparator.comparing(SampleRef::dataset).thenComparing(SampleRef::id));
        return new SampleListing(samples, skipped);
    }

    /** Parses {@code <image> <label>} lines; ids are image paths without extension minus the shared folders. */
    static List<PairCandidates.Candidate> pairList(String listFile, String datasetRoot, Configuration conf) {
        List<String> lines = HadoopFiles.readLines(listFile, conf);
        List<String[]> pairs = new ArrayList<>();
        List<PairCandidates.Candidate> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] p = line.split("[ \t]+");
            if (p.length != 2) {
                throw new BadInputException(listFile, "line " + (n + 1) + ": expected '<image> <label>', got '"
                        + ConfinedPaths.printable(line) + "'");
            }
            try {
                // checked before the shared folders are computed: a hostile entry must not change the other ids
                String where = "line " + (n + 1);
                pairs.add(new String[] {p[0], p[1], ConfinedPaths.resolveInside(datasetRoot, p[0], listFile, where),
                        ConfinedPaths.resolveInside(datasetRoot, p[1], listFile, where)});
            } catch (BadInputException e) {
                out.add(PairCandidates.Candidate.refused(p[0], e));
            }
        }
        if (pairs.isEmpty() && out.isEmpty()) {
            throw new BadInputException(listFile, "lists no samples");
        }
        String shared = pairs.isEmpty() ? "" : sharedFolders(pairs);
        Set<String> ids = new HashSet<>();
        for (String[] p : pairs) {
            String rel = p[0].substring(shared.length());
            int dot = rel.lastIndexOf('.');
            String id = dot > rel.lastIndexOf('/') + 1 ? rel.substring(0, dot) : rel;
            if (!ids.add(id)) {
                throw new BadInputException(listFile, "image " + p[0] + " is listed twice (id '" + id + "')");
            }
            out.add(new PairCandidates.Candidate(id, p[2], p[3]));
        }
        return out;
    }

    /** The longest folder prefix (ending in '/') shared by all image paths. */
    private static String sharedFolders(List<String[]> pairs) {
        String first = pairs.get(0)[0];
        int end = first.lastIndexOf('/') + 1;
        for (String[] p : pairs) {
            String s = p[0];
            int i = 0;
            int lastSlash = 0;
            while (i < end && i < s.length() && s.charAt(i) == first.charAt(i)) {
                if (s.charAt(i) == '/') {
                    lastSlash = i + 1;
                }
                i++;
            }
            end = lastSlash;
        }
        return first.substring(0, end);
    }

    @Override
    public LabelMapping labelMapping(String dataset) {
        LabelMapping m = mappings.get(dataset);
        if (m == null) {
            throw new IllegalArgumentException("'" + dataset + "' is not a domain of this MSeg layout; domains: "
                    + mappings.keySet());
        }
        return m;
    }
}
