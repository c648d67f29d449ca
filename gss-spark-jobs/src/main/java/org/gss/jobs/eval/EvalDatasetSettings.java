package org.gss.jobs.eval;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gss.config.Settings;

/**
 * One entry of {@code gss.evaluate.datasets}: which samples to score (a manifest written by {@code gss index}, a
 * split, optionally some of its domains), how to read their ground truth, what the predictions are and where.
 *
 * @param layout          ground-truth layout; "" = the one recorded in the manifest
 * @param layoutOptions   options for the layout reader (as {@code gss.dataset.options})
 * @param sharedClasses   mseg layout whose label files already hold ids 0..n-1 of one shared taxonomy (the synthetic
 *                        sets; {@code gss.dataset.classes} with {@code taxonomy = universal}); 0 = the domains' own
 * @param universalToTest UNIVERSAL taxonomy: the universal → dataset id table (255 = no counterpart); empty = MSeg's
 *                        table for the domain ({@code MsegTaxonomy.universalToTest})
 * @param predictions     folder of prediction PNGs; "" = predict with {@code gss.evaluate.checkpoint}
 * @param predictionName  file name template under {@code predictions}: {@code {domain}}, {@code {split}}, {@code {id}}
 * @param baselineSplit   split whose labels give the image-blind baseline's class prior; "" = no baseline
 * @param palette         auto | cityscapes | ade20k | generated | a file of "r g b" lines
 */
public record EvalDatasetSettings(String name, String manifest, String split, List<String> domains, String layout,
        Map<String, Object> layoutOptions, int sharedClasses, PredictionTaxonomy taxonomy, List<Integer> universalToTest,
        InferenceSettings inference, String predictions, String predictionName, String baselineSplit, String palette)
        implements Serializable {

    public static EvalDatasetSettings from(String name, Settings s) {
        String template = s.nonEmpty("prediction-name");
        if (!template.contains("{id}")) {
            throw s.error("prediction-name", "must contain {id} (one file per sample)", null);
        }
        List<Integer> table = s.ints("universal-to-test");
        for (int v : table) {
            if (v < 0 || v > 255) {
                throw s.error("universal-to-test", "entries must be dataset ids 0..254 or 255 (none), got " + v, null);
            }
        }
        PredictionTaxonomy taxonomy = PredictionTaxonomy.valueOf(s.oneOf("taxonomy", "dataset", "universal")
                .toUpperCase(Locale.ROOT));
        if (taxonomy == PredictionTaxonomy.DATASET && !table.isEmpty()) {
            throw s.error("universal-to-test", "is only used with taxonomy = universal", null);
        }
        InferenceSettings inference;
        try {
            inference = InferenceSettings.from(s);
        } catch (IllegalArgumentException e) {
            throw s.error("mode", e.getMessage(), e);
        }
        return new EvalDatasetSettings(name, s.nonEmpty("manifest"), s.nonEmpty("split"), List.copyOf(s.strings("domains")),
                s.string("layout"), new LinkedHashMap<>(s.raw().getConfig("layout-options").root().unwrapped()),
                s.intIn("shared-classes", 0, 254), taxonomy, List.copyOf(table), inference, s.string("predictions"),
                template, s.string("baseline-split"), s.nonEmpty("palette"));
    }
}
