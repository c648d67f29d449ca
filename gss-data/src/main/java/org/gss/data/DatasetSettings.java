package org.gss.data;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.layout.BadInputPolicy;
import org.gss.data.layout.DatasetLayouts;

/**
 * The {@code gss.dataset} block, validated: which dataset a job reads and how. Serializable so Spark tasks can rebuild
 * the (non-serializable) layout reader on executors with {@code DatasetReaders}.
 *
 * @param taxonomy mseg only: {@code own} (each domain's ids, mapped through MSeg's tables) or {@code universal}
 *                 (labels already in the training ids, as the synthetic MSeg-style sets are written)
 */
public record DatasetSettings(String name, String layout, String root, List<String> splits, List<String> domains,
        String taxonomy, int classes, BadInputPolicy badInput, Map<String, Object> options) implements Serializable {

    public static DatasetSettings from(GssConfig cfg) {
        return from(Settings.of(cfg, "gss.dataset"));
    }

    public static DatasetSettings from(Settings s) {
        List<String> splits = s.strings("splits");
        if (splits.isEmpty()) {
            throw s.error("splits", "must list at least one split", null);
        }
        return new DatasetSettings(s.nonEmpty("name"), DatasetLayouts.REGISTRY.read(s, "layout"),
                s.nonEmpty("root"), List.copyOf(splits), List.copyOf(s.strings("domains")),
                s.oneOf("taxonomy", "own", "universal"), s.intIn("classes", 0, 255), BadInputPolicy.parse(s.oneOf("bad-input", "fail", "skip")),
                new LinkedHashMap<>(s.raw().getConfig("options").root().unwrapped()));
    }

    public DatasetSettings withRoot(String newRoot) {
        return new DatasetSettings(name, layout, newRoot, splits, domains, taxonomy, classes, badInput, options);
    }

    public DatasetSettings withBadInput(BadInputPolicy policy) {
        return new DatasetSettings(name, layout, root, splits, domains, taxonomy, classes, policy, options);
    }
}
