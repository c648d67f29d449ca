package org.gss.jobs.reconstruct;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.DatasetReaders;
import org.gss.data.DatasetSettings;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.LabelMap;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.layout.SampleRef;
import org.gss.data.manifest.ManifestEntry;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.SegmentationMetrics;
import org.gss.jobs.JobProgress;
import org.gss.maskige.MaskigeSettings;
import org.gss.maskige.Palette;
import org.gss.store.AtomicDirectory;
import org.gss.store.ManifestStore;
import org.gss.store.OutputRoots;
import org.gss.tokenizer.MaskigeCodec;
import org.gss.tokenizer.config.SharedTokenizers;
import org.gss.tokenizer.Tokenizer;
import org.gss.tokenizer.config.TokenizerSettings;

/**
 * {@code gss reconstruct}: Stage I on an indexed split, for every palette × inverse combination in the config and the
 * configured tokenizer — the project's version of the paper's Tables 1, 2 and 9. Executors reconstruct each label
 * map and add it into one confusion matrix per combination; the driver merges them and writes
 * {@code reconstruct.json} and a Markdown table, atomically.
 */
public final class ReconstructJob {
    private ReconstructJob() {
    }

    /** One palette design with one inverse. */
    public record Combination(String palette, String inverse) implements Serializable {
        String id() {
            return palette + "+" + inverse;
        }
    }

    public record Outcome(Combination combination, SegmentationMetrics metrics) {
    }

    public static List<Outcome> run(SparkSession spark, GssConfig cfg) {
        return run(spark, ReconstructSettings.from(cfg), cfg.hash());
    }

    public static List<Outcome> run(SparkSession spark, ReconstructSettings s, String configHash) {
        String split = s.split();
        DatasetSettings ds = s.dataset();
        MaskigeSettings maskige = s.maskige();
        TokenizerSettings tok = s.tokenizer();
        List<Combination> combos = s.combinations();
        OutputRoots.requireWritable("gss.reconstruct.out", s.out(), spark.sparkContext().hadoopConfiguration());
        for (Combination c : combos) {
            // every palette must load, and the configured inverse (a trained ft checkpoint) must read it
            MaskigeSettings m = maskige.withPalette(c.palette());
            m.createInverse(m.createPalette());
        }
        String manifest = s.manifest();
        List<ManifestEntry> entries = ManifestStore.read(spark, manifest).stream()
                .filter(e -> e.split().equals(split)).toList();
        if (entries.isEmpty()) {
            throw new org.gss.data.image.BadInputException(manifest, "no samples of split '" + split + "'");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        int k = maskige.classes();
        List<ConfusionMatrix> merged;
        try (JobProgress progress = JobProgress.start(spark, "reconstruct " + ds.name() + "/" + split, "samples",
                entries.size())) {
            LongAccumulator counter = progress.counter();
            int partitions = Math.max(1, Math.min(entries.size(), jsc.defaultParallelism() * 2));
            merged = jsc.parallelize(entries, partitions)
                    .mapPartitions(part -> reconstructAll(part, ds, maskige, tok, combos, k, conf, counter))
                    .reduce(ReconstructJob::mergeAll);
            org.slf4j.LoggerFactory.getLogger(ReconstructJob.class).info(progress.summary());
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            outcomes.add(new Outcome(combos.get(i), SegmentationMetrics.from(merged.get(i))));
        }
        write(spark, s.out(), configHash, ds, split, tok, entries.size(), outcomes);
        return outcomes;
    }

    /** Every listed palette with every listed inverse ({@link ReconstructSettings#combinations}). */
    static List<Combination> combinations(Settings s, MaskigeSettings m) {
        return ReconstructSettings.combinations(s, m);
    }

    private static Iterator<List<ConfusionMatrix>> reconstructAll(Iterator<ManifestEntry> part, DatasetSettings ds,
            MaskigeSettings maskige, TokenizerSettings tok, List<Combination> combos, int k,
            SerializableConfiguration conf, LongAccumulator counter) {
        DatasetLayout layout = DatasetReaders.open(ds, conf.value());
        Tokenizer tokenizer = SharedTokenizers.get(tok);
        List<MaskigeCodec> codecs = new ArrayList<>();
        List<ConfusionMatrix> matrices = new ArrayList<>();
        for (Combination c : combos) {
            MaskigeSettings m = maskige.withPalette(c.palette()).withInverse(c.inverse());
            Palette p = m.createPalette();
            codecs.add(new MaskigeCodec(p, tokenizer, m.createInverse(p)));
            matrices.add(new ConfusionMatrix(k));
        }
        while (part.hasNext()) {
            ManifestEntry e = part.next();
            SampleRef ref = e.ref();
            LabelMap labels = layout.readTrainingLabels(ref, conf.value());
            for (int i = 0; i < codecs.size(); i++) {
                matrices.get(i).accumulate(labels, codecs.get(i).reconstruct(labels), e.labelUri());
            }
            counter.add(1);
        }
        return List.of(matrices).iterator();
    }

    private static List<ConfusionMatrix> mergeAll(List<ConfusionMatrix> a, List<ConfusionMatrix> b) {
        for (int i = 0; i < a.size(); i++) {
            a.get(i).merge(b.get(i));
        }
        return a;
    }

    private static void write(SparkSession spark, String out, String configHash, DatasetSettings ds, String split,
            TokenizerSettings tok, int samples, List<Outcome> outcomes) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", ds.name());
        json.put("split", split);
        json.put("samples", samples);
        json.put("tokenizer", tok.kind());
        json.put("tokenizerFingerprint", tok.fingerprint());
        json.put("configHash", configHash);
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Stage I reconstruction, %s/%s (%d samples), tokenizer %s%n%n", ds.name(),
                split, samples, tok.kind()));
        md.append("| palette | inverse | mIoU | mAcc | aAcc |\n|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            SegmentationMetrics m = o.metrics();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("palette", o.combination().palette());
            r.put("inverse", o.combination().inverse());
            r.put("mIoU", m.mIoU());
            r.put("mAcc", m.mAcc());
            r.put("aAcc", m.aAcc());
            rows.add(r);
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f |%n", o.combination().palette(),
                    o.combination().inverse(), m.mIoU(), m.mAcc(), m.aAcc()));
        }
        json.put("results", rows);
        var conf = spark.sparkContext().hadoopConfiguration();
        AtomicDirectory dir = AtomicDirectory.begin(out, conf);
        try {
            HadoopFiles.writeAtomically(HadoopFiles.resolve(dir.tempUri(), "reconstruct.md"),
                    md.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), conf);
            HadoopFiles.writeAtomically(HadoopFiles.resolve(dir.tempUri(), "reconstruct.json"),
                    new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                            .writeValueAsBytes(json), conf);
            dir.commit();
        } catch (IOException e) {
            dir.abort();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            dir.abort();
            throw e;
        }
    }
}
