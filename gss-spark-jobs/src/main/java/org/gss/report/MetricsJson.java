package org.gss.report;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gss.eval.HarmonicMean;
import org.gss.eval.MeanMode;
import org.gss.eval.SegmentationMetrics;

/**
 * {@code metrics.json}: everything a run found, for machines. Percentages; undefined values (NaN) are {@code null}.
 * Both means over classes are given under their names ({@code nan-excluded}: mmseg, {@code absent-as-zero}: MSeg) and
 * {@code headlineMean} says which one the tables show. Confusion counts are the full K×(K+1) matrix (last column =
 * pixels predicted 255, "no prediction"). Also carries the config hash and text and the prediction source id.
 */
public final class MetricsJson {
    public static final String FORMAT = "gss-metrics/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsJson() {
    }

    /** Key of a mean mode in the JSON. */
    public static String key(MeanMode m) {
        return m == MeanMode.NAN_EXCLUDED ? "nan-excluded" : "absent-as-zero";
    }

    public static byte[] render(EvaluationReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("createdAt", r.createdAt());
        root.put("configHash", r.configHash());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("kind", r.source().kind());
        source.put("location", r.source().location());
        source.put("id", r.source().id());
        root.put("source", source);
        root.put("units", "percent");
        root.put("headlineMean", key(r.headline()));
        Map<String, String> means = new LinkedHashMap<>();
        for (MeanMode m : MeanMode.values()) {
            means.put(key(m), m.label());
        }
        root.put("means", means);
        root.put("summary", summary(r));
        List<Object> datasets = new ArrayList<>();
        r.datasets().forEach(d -> datasets.add(dataset(d, r.headline())));
        root.put("datasets", datasets);
        List<Object> skipped = new ArrayList<>();
        for (SkippedInput s : r.skipped()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", s.dataset());
            m.put("split", s.split());
            m.put("id", s.id());
            m.put("file", s.file());
            m.put("reason", s.reason());
            skipped.add(m);
        }
        root.put("skipped", skipped);
        root.put("config", parse(r.configJson()));
        try {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
            return JSON.writer(pp).writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> summary(EvaluationReport r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("datasets", r.datasets().stream().map(DatasetResult::name).toList());
        for (MeanMode mode : MeanMode.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> miou = new LinkedHashMap<>();
            r.datasets().forEach(d -> miou.put(d.name(), num(d.metrics().mIoU(mode))));
            m.put("mIoU", miou);
            m.put("harmonicMean", harmonic(r.harmonicMean(mode)));
            m.put("arithmeticMean", num(r.domainMetrics().arithmeticMeanMIoU(mode)));
            if (r.anyBaseline()) {
                Map<String, Object> b = new LinkedHashMap<>();
                r.datasets().forEach(d -> b.put(d.name(), d.baseline().available()
                        ? num(d.baseline().metrics().mIoU(mode)) : null));
                m.put("baselineMIoU", b);
                m.put("baselineHarmonicMean", harmonic(r.baselineHarmonicMean(mode)));
            }
            s.put(key(mode), m);
        }
        return s;
    }

    private static Map<String, Object> harmonic(HarmonicMean.Result h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mIoU", num(h.value()));
        m.put("formula", "n / sum(1 / mIoU_i)");
        m.put("over", h.used());
        m.put("excluded", h.excluded());
        return m;
    }

    private static Map<String, Object> dataset(DatasetResult d, MeanMode headline) {
        SegmentationMetrics m = d.metrics();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", d.name());
        o.put("entry", d.entry());
        o.put("domain", d.domain());
        o.put("split", d.split());
        o.put("manifest", d.manifest());
        o.put("manifestContentHash", d.manifestContentHash());
        o.put("taxonomy", d.taxonomy());
        o.put("inference", d.inference());
        o.put("images", d.images());
        o.put("labeledPixels", d.confusion().labeledPixels());
        o.put("predictionsSha256", d.predictionsSha256());
        o.put("mIoU", num(m.mIoU(headline)));
        o.put("mAcc", num(m.mAcc(headline)));
        o.put("aAcc", num(m.aAcc()));
        o.put("means", means(m));
        o.put("presentClasses", m.presentClasses());
        o.put("numClasses", d.numClasses());
        SegmentationMetrics b = d.baseline().available() ? d.baseline().metrics() : null;
        List<Object> perClass = new ArrayList<>();
        for (int c = 0; c < d.numClasses(); c++) {
            Map<String, Object> pc = new LinkedHashMap<>();
            pc.put("id", c);
            pc.put("name", d.classNames().get(c));
            pc.put("iou", num(m.iou(c)));
            pc.put("acc", num(m.acc(c)));
            pc.put("areaIntersect", m.areaIntersect(c));
            pc.put("areaUnion", m.areaUnion(c));
            pc.put("areaPred", m.areaPred(c));
            pc.put("areaLabel", m.areaLabel(c));
            if (b != null) {
                pc.put("baselineIou", num(b.iou(c)));
            }
            perClass.add(pc);
        }
        o.put("perClass", perClass);
        o.put("confusion", confusion(d.confusion()));
        Map<String, Object> bl = new LinkedHashMap<>();
        bl.put("available", b != null);
        bl.put("split", d.baseline().split());
        if (b == null) {
            bl.put("reason", d.baseline().reason());
        } else {
            bl.put("description", "predicts, per pixel, the most frequent training class at that relative position");
            bl.put("trainImages", d.baseline().trainImages());
            bl.put("grid", d.baseline().grid());
            bl.put("mIoU", num(b.mIoU(headline)));
            bl.put("mAcc", num(b.mAcc(headline)));
            bl.put("aAcc", num(b.aAcc()));
            bl.put("means", means(b));
            bl.put("confusion", confusion(d.baseline().confusion()));
        }
        o.put("baseline", bl);
        return o;
    }

    private static Map<String, Object> means(SegmentationMetrics m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (MeanMode mode : MeanMode.values()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("mIoU", num(m.mIoU(mode)));
            v.put("mAcc", num(m.mAcc(mode)));
            out.put(key(mode), v);
        }
        return out;
    }

    private static Map<String, Object> confusion(org.gss.eval.ConfusionMatrix cm) {
        Map<String, Object> c = new LinkedHashMap<>();
        int k = cm.numClasses();
        c.put("layout", "rows = ground-truth class 0.." + (k - 1) + "; columns = predicted class 0.." + (k - 1)
                + ", then prediction 255 (no prediction); pixel counts");
        long[] raw = cm.rawCounts();
        List<long[]> rows = new ArrayList<>();
        for (int g = 0; g < k; g++) {
            long[] row = new long[k + 1];
            System.arraycopy(raw, g * (k + 1), row, 0, k + 1);
            rows.add(row);
        }
        c.put("counts", rows);
        return c;
    }

    private static Double num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
