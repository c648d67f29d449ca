package org.gss.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gss.config.ConfigError;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.layout.DatasetLayouts;
import org.gss.data.layout.MsegLayout;

/** Opens the layout reader that {@link DatasetSettings} describe (on the driver or, from the same settings, on executors). */
public final class DatasetReaders {
    private DatasetReaders() {
    }

    public static DatasetLayout open(DatasetSettings s, Configuration conf) {
        Map<String, Object> options = new LinkedHashMap<>(s.options());
        if (s.layout().equals(MsegLayout.NAME) && !options.containsKey("domains")) {
            options.put("domains", s.domains().isEmpty() ? discoverMsegDomains(s.root(), conf) : s.domains());
        }
        if (s.taxonomy().equals("universal")) {
            if (!s.layout().equals(MsegLayout.NAME) || s.classes() <= 0) {
                throw new ConfigError("gss.dataset.taxonomy = universal needs layout = mseg and gss.dataset.classes"
                        + " (1..254): the number of shared classes the label files use");
            }
            options.put("sharedClasses", s.classes());
        }
        try {
            return DatasetLayouts.forName(s.layout(), options);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("gss.dataset: " + e.getMessage(), e);
        }
    }

    /** Synthetic and mseg-api trees list their datasets under {@code dataset_lists/}. */
    static List<String> discoverMsegDomains(String root, Configuration conf) {
        String lists = HadoopFiles.resolve(root, "dataset_lists");
        if (!HadoopFiles.isDirectory(lists, conf)) {
            throw new ConfigError("gss.dataset.domains is empty and " + lists + " does not exist: list the MSeg domains");
        }
        List<String> names = new ArrayList<>();
        for (String f : HadoopFiles.listFiles(lists, true, conf)) {
            String rel = f.substring(f.indexOf("dataset_lists/") + "dataset_lists/".length());
            int slash = rel.indexOf('/');
            if (slash > 0 && rel.substring(slash).startsWith("/list/") && !names.contains(rel.substring(0, slash))) {
                names.add(rel.substring(0, slash));
            }
        }
        if (names.isEmpty()) {
            throw new ConfigError("no MSeg domain lists found under " + lists);
        }
        return names;
    }
}
