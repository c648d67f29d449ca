package org.gss.data.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gss.config.Registry;
import org.gss.data.label.LabelMapping;
import org.gss.data.label.UnknownIdPolicy;

/**
 * Builds a {@link DatasetLayout} by name from options (e.g. a HOCON block's {@code root().unwrapped()}). Unknown
 * option keys are errors. Options per layout (defaults in brackets):
 * <ul>
 *   <li>{@code cityscapes}: {@code unknownIds} [fail; {@code ignore} maps ids outside the official table to 255, as
 *       cityscapesScripts does]</li>
 *   <li>{@code ade20k}: {@code subdir} [ADEChallengeData2016], {@code reduceZeroLabel} [true], {@code unknownIds} [fail]</li>
 *   <li>{@code custom}: {@code classes} (list) or {@code numClasses} (required), {@code dataset} [custom],
 *       {@code imgDir} [imgs], {@code imgSuffix} [_img.jpg], {@code annDir} [gts], {@code segMapSuffix} [_gt.png],
 *       {@code splitDir} [splits; "" = list every image], {@code reduceZeroLabel} [false], {@code unknownIds} [fail]</li>
 *   <li>{@code mseg}: {@code domains} (list of taxonomy names, required), {@code lists}
 *       [{@value MsegLayout#DEFAULT_LIST_TEMPLATE}], {@code unknownIds} [fail], and per domain
 *       {@code domain.<name>.dir} [&lt;name&gt;], {@code domain.<name>.list} [the {@code lists} template]; setting
 *       {@code domain.<name>.imageDir} switches that domain to folder pairing with {@code imagePrefix} [""],
 *       {@code imageSuffix}, {@code labelDir}, {@code labelPrefix} [""], {@code labelSuffix}, and
 *       {@code domain.<name>.splitList} (an id file template; absent = list every image); {@code sharedClasses}
 *       [absent]: every domain's labels already use ids 0..n-1 of one shared taxonomy (identity mapping)</li>
 * </ul>
 */
public final class DatasetLayouts {
    /** Every layout by its config name ({@code gss.dataset.layout}): validation and construction read this one list. */
    public static final Registry<Function<LayoutOptions, DatasetLayout>> REGISTRY =
            Registry.<Function<LayoutOptions, DatasetLayout>>of("dataset layout")
                    .add(CityscapesLayout.NAME, o -> new CityscapesLayout(unknownIds(o, UnknownIdPolicy.FAIL)))
                    .add(Ade20kLayout.NAME, o -> new Ade20kLayout(o.string("subdir", Ade20kLayout.DEFAULT_SUBDIR),
                            o.bool("reduceZeroLabel", true), unknownIds(o, UnknownIdPolicy.FAIL)))
                    .add(MsegLayout.NAME, DatasetLayouts::mseg)
                    .add(CustomLayout.NAME, DatasetLayouts::custom)
                    .build();
    public static final List<String> NAMES = REGISTRY.names();

    private DatasetLayouts() {
    }

    public static DatasetLayout forName(String name) {
        return forName(name, Map.of());
    }

    public static DatasetLayout forName(String name, Map<String, ?> options) {
        Function<LayoutOptions, DatasetLayout> factory = REGISTRY.get(name);
        LayoutOptions o = new LayoutOptions(name, options);
        DatasetLayout layout = factory.apply(o);
        o.requireAllUsed();
        return layout;
    }

    private static UnknownIdPolicy unknownIds(LayoutOptions o, UnknownIdPolicy def) {
        return UnknownIdPolicy.parse(o.string("unknownIds", def.name()));
    }

    private static CustomLayout custom(LayoutOptions o) {
        String dataset = o.string("dataset", CustomLayout.NAME);
        List<String> classes = o.list("classes");
        Integer n = o.integer("numClasses");
        if (classes == null && n == null) {
            throw new IllegalArgumentException("custom layout: set 'classes' (names) or 'numClasses'");
        }
        if (classes != null && n != null && n != classes.size()) {
            throw new IllegalArgumentException("custom layout: numClasses " + n + " but " + classes.size() + " classes");
        }
        if (classes == null) {
            classes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                classes.add("class_" + i);
            }
        }
        DirPairing pairing = new DirPairing(o.string("imgDir", "imgs"), "", o.string("imgSuffix", "_img.jpg"),
                o.string("annDir", "gts"), "", o.string("segMapSuffix", "_gt.png"));
        return new CustomLayout(dataset, pairing, o.string("splitDir", "splits"), CustomLayout.classMapping(dataset,
                classes, o.bool("reduceZeroLabel", false), unknownIds(o, UnknownIdPolicy.FAIL)));
    }

    private static MsegLayout mseg(LayoutOptions o) {
        List<String> names = o.list("domains");
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("mseg layout: option 'domains' (list of MSeg dataset names) is required");
        }
        String lists = o.string("lists", MsegLayout.DEFAULT_LIST_TEMPLATE);
        List<MsegLayout.Domain> domains = new ArrayList<>();
        for (String d : names) {
            String p = "domain." + d + ".";
            String dir = o.string(p + "dir", d);
            if (o.has(p + "imageDir")) {
                DirPairing pairing = new DirPairing(o.requiredString(p + "imageDir"), o.string(p + "imagePrefix", ""),
                        o.requiredString(p + "imageSuffix"), o.requiredString(p + "labelDir"),
                        o.string(p + "labelPrefix", ""), o.requiredString(p + "labelSuffix"));
                domains.add(new MsegLayout.Domain(d, dir, o.string(p + "splitList", null), pairing));
            } else {
                domains.add(new MsegLayout.Domain(d, dir, o.string(p + "list", lists), null));
            }
        }
        Integer shared = o.integer("sharedClasses");
        if (shared != null) {
            // every domain's files already hold ids 0..shared-1 of one taxonomy (the synthetic MSeg-style sets)
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < shared; i++) {
                classes.add("class_" + i);
            }
            LabelMapping identity = LabelMapping.identity("shared-" + shared, classes, unknownIds(o, UnknownIdPolicy.FAIL));
            return new MsegLayout(domains, d -> identity);
        }
        return new MsegLayout(domains, unknownIds(o, UnknownIdPolicy.FAIL));
    }
}
