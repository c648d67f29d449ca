package org.gss.report;

import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.HadoopFiles;
import org.gss.store.AtomicDirectory;

/**
 * Writes a run folder and publishes it atomically ({@link AtomicDirectory}): {@code per-class/<dataset>.csv},
 * {@code summary.md}, {@code report.html}, then {@code metrics.json} last (on stores where the final rename is a copy,
 * a folder without metrics.json is incomplete). A failure leaves the previous run folder, if any, untouched.
 */
public final class ReportWriter {
    public static final String METRICS = "metrics.json";
    public static final String SUMMARY = "summary.md";
    public static final String HTML = "report.html";

    private ReportWriter() {
    }

    public static void write(EvaluationReport report, String outUri, Configuration conf) {
        AtomicDirectory dir = AtomicDirectory.begin(outUri, conf);
        try {
            String tmp = dir.tempUri();
            java.util.Map<String, String> csvOwners = new java.util.HashMap<>();
            for (DatasetResult d : report.datasets()) {
                String other = csvOwners.put(PerClassCsv.fileName(d), d.name());
                if (other != null) {
                    throw new IllegalArgumentException("datasets '" + other + "' and '" + d.name() + "' would share "
                            + PerClassCsv.fileName(d) + "; rename one");
                }
                put(tmp, PerClassCsv.fileName(d), PerClassCsv.render(d).getBytes(StandardCharsets.UTF_8), conf);
            }
            put(tmp, SUMMARY, SummaryMarkdown.render(report).getBytes(StandardCharsets.UTF_8), conf);
            put(tmp, HTML, HtmlReport.render(report).getBytes(StandardCharsets.UTF_8), conf);
            // metrics.json embeds the configuration: owner-readable only
            HadoopFiles.writePrivately(HadoopFiles.resolve(tmp, METRICS), MetricsJson.render(report), conf);
            dir.commit();
        } catch (RuntimeException e) {
            dir.abort();
            throw e;
        }
    }

    private static void put(String dir, String name, byte[] bytes, Configuration conf) {
        HadoopFiles.writeAtomically(HadoopFiles.resolve(dir, name), bytes, conf);
    }
}
