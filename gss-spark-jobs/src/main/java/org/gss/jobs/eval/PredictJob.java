package org.gss.jobs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.gss.config.GssConfig;
import org.gss.data.fs.ConfinedPaths;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.manifest.ManifestEntry;
import org.gss.jobs.JobProgress;
import org.gss.report.LabelPalette;
import org.gss.report.SkippedInput;
import org.gss.store.AtomicDirectory;
import org.gss.store.Checkpoints;
import org.gss.store.DecodingIdentity;
import org.gss.store.ManifestStore;
import org.gss.store.OutputRoots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gss predict}: label maps for a manifest split or a folder of images, through a {@link Predictor} on the
 * executors. Writes, published atomically under {@code gss.predict.out}:
 * <pre>
 * labels/&lt;domain&gt;/&lt;id&gt;.png   8-bit class ids (255 = no prediction); a folder input has no &lt;domain&gt;/ level
 * color/&lt;domain&gt;/&lt;id&gt;.png    the same in the palette
 * _predict.json                 written last: count, source, skipped samples, config hash
 * </pre>
 * The labels/ folder is itself a valid {@code predictions} folder for {@code gss evaluate} (default file names).
 */
public final class PredictJob {
    private static final Logger LOG = LoggerFactory.getLogger(PredictJob.class);
    public static final String INFO = "_predict.json";
    static final String NAME = "{domain}/{id}.png";

    private PredictJob() {
    }

    public record Result(String out, long images, List<SkippedInput> skipped) {
    }

    /** One image to predict: its sample fields; width/height 0 when not known before reading (folder input). */
    record Item(String domain, String split, String id, String imageUri, int width, int height) implements Serializable {
    }

    record Outcome(long written, List<SkippedInput> skipped) implements Serializable {
    }

    public static Result run(SparkSession spark, GssConfig cfg) {
        return run(spark, PredictSettings.from(cfg), cfg.hash());
    }

    public static Result run(SparkSession spark, PredictSettings s, String configHash) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        OutputRoots.requireWritable("gss.predict.out", s.out(), hadoop);
        // a run folder is resolved to its latest checkpoint once, here, so every executor loads the same one
        String checkpoint = s.predictions().isEmpty() && !s.checkpoint().isEmpty()
                ? Checkpoints.resolveForInference(s.checkpoint(),
                        DecodingIdentity.of(s.model().maskige(), s.model().tokenizer()), hadoop) : s.checkpoint();
        PredictorFactory predictor = Predictors.choose(s.predictions(), s.predictionName(), checkpoint,
                s.inference(), "gss.predict.predictions", s.model());
        String layout = "";
        List<Item> items = new ArrayList<>();
        if (HadoopFiles.exists(HadoopFiles.resolve(s.input(), ManifestStore.INFO), hadoop)) {
            ManifestView m = ManifestView.read(spark, s.input());
            layout = m.layout();
            for (ManifestEntry e : m.rows()) {
                if (s.split().isEmpty() || e.split().equals(s.split())) {
                    items.add(new Item(e.dataset(), e.split(), e.sampleId(), e.imageUri(), e.width(), e.height()));
                }
            }
        } else {
            items.addAll(listImages(s.input(), hadoop));
        }
        if (items.isEmpty()) {
            throw new BadInputException(s.input(), "no images to predict" + (s.split().isEmpty() ? ""
                    : " in split '" + s.split() + "'"));
        }
        int k = s.classes() > 0 ? s.classes() : layout.equals("cityscapes") ? 19 : layout.equals("ade20k") ? 150 : 255;
        int[] palette = LabelPalette.resolve(s.palette(), layout, k, hadoop);
        int classes = s.classes();

        AtomicDirectory dir = AtomicDirectory.begin(s.out(), hadoop);
        String tmp = dir.tempUri();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration conf = new SerializableConfiguration(hadoop);
        JobProgress progress = JobProgress.start(spark, "predict", "images", items.size());
        LongAccumulator counter = progress.counter();
        boolean skip = s.badInput() == org.gss.data.layout.BadInputPolicy.SKIP;
        try {
            int partitions = s.partitions() > 0 ? s.partitions()
                    : Math.max(1, Math.min(items.size(), jsc.defaultParallelism() * 4));
            List<Outcome> outcomes = jsc.parallelize(items, partitions).mapPartitions(it -> predictPartition(it,
                    predictor, conf, tmp, palette, classes, skip, counter)).collect();
            LOG.info(progress.summary());
            long written = outcomes.stream().mapToLong(Outcome::written).sum();
            List<SkippedInput> skipped = new ArrayList<>();
            outcomes.forEach(o -> skipped.addAll(o.skipped()));
            skipped.sort(Comparator.comparing(SkippedInput::dataset).thenComparing(SkippedInput::id));
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("format", "gss-predictions/1");
            info.put("input", s.input());
            info.put("split", s.split());
            info.put("images", written);
            info.put("source", Map.of("kind", predictor.kind(), "location", predictor.location()));
            info.put("inference", s.predictions().isEmpty() ? s.inference().describe() : "not applied (PNG predictions)");
            info.put("classes", classes);
            info.put("skipped", skipped);
            info.put("configHash", configHash);
            info.put("createdAt", Instant.now().toString());
            HadoopFiles.writeAtomically(HadoopFiles.resolve(tmp, INFO),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(info), hadoop);
            dir.commit();
            return new Result(s.out(), written, List.copyOf(skipped));
        } catch (IOException e) {
            dir.abort();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            dir.abort();
            throw e;
        } finally {
            progress.close();
        }
    }

    /** PNG and JPEG files under a folder; id = path relative to it without the extension. */
    static List<Item> listImages(String folder, Configuration conf) {
        String base = HadoopFiles.qualify(folder, conf);
        String prefix = base.endsWith("/") ? base : base + "/";
        List<Item> out = new ArrayList<>();
        for (String f : HadoopFiles.listFiles(folder, true, conf)) {
            String lower = f.toLowerCase(Locale.ROOT);
            if (!(lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg")) || !f.startsWith(prefix)) {
                continue;
            }
            String rel = f.substring(prefix.length());
            out.add(new Item("", "", rel.substring(0, rel.lastIndexOf('.')), f, 0, 0));
        }
        return out;
    }

    private static Iterator<Outcome> predictPartition(Iterator<Item> it, PredictorFactory factory,
            SerializableConfiguration conf, String tmp, int[] palette, int classes, boolean skip,
            LongAccumulator counter) {
        long written = 0;
        List<SkippedInput> skipped = new ArrayList<>();
        Configuration c = conf.value();
        try (Predictor predictor = factory.open(c)) {
            while (it.hasNext()) {
                Item item = it.next();
                try {
                    predictOne(item, predictor, c, tmp, palette, classes);
                    written++;
                } catch (BadInputException e) {
                    if (!skip) {
                        throw e;
                    }
                    skipped.add(new SkippedInput(item.domain(), item.split(), item.id(), e.file(), e.getMessage()));
                }
                counter.add(1);
            }
        }
        return List.of(new Outcome(written, skipped)).iterator();
    }

    static void predictOne(Item item, Predictor predictor, Configuration conf, String tmp, int[] palette, int classes) {
        int w = item.width();
        int h = item.height();
        byte[][] bytes = new byte[1][];
        if (w == 0) {
            bytes[0] = HadoopFiles.readAllBytes(item.imageUri(), conf);
            int[] size = ImageCodec.size(bytes[0], item.imageUri());
            w = size[0];
            h = size[1];
        }
        PredictionInput input = new PredictionInput(item.domain(), item.split(), item.id(), item.imageUri(), w, h,
                () -> ImageCodec.decodeRgb(bytes[0] != null ? bytes[0]
                        : HadoopFiles.readAllBytes(item.imageUri(), conf), item.imageUri()));
        Prediction p = predictor.predict(input);
        LabelMap labels = p.labels();
        if (labels.width() != w || labels.height() != h) {
            throw new BadInputException(p.source(), "prediction is " + labels.width() + "x" + labels.height()
                    + " but the image " + item.imageUri() + " is " + w + "x" + h);
        }
        if (classes > 0) {
            byte[] ids = labels.ids();
            for (int i = 0; i < ids.length; i++) {
                int id = ids[i] & 0xFF;
                if (id >= classes && id != LabelMap.IGNORE) {
                    throw new BadInputException(p.source(), "predicted id " + id + " at pixel " + i
                            + " is out of range for " + classes + " classes (0.." + (classes - 1) + ", 255)");
                }
            }
        }
        // ids come from input (a manifest, a folder listing): the files they name must stay inside the output folder
        String name = PngFolderPredictor.fileName(NAME, item.domain(), item.split(), item.id());
        String where = "output name for sample id '" + ConfinedPaths.printable(item.id()) + "'";
        String labelsFile = ConfinedPaths.resolveInside(tmp, "labels/" + name, item.imageUri(), where);
        String colorFile = ConfinedPaths.resolveInside(tmp, "color/" + name, item.imageUri(), where);
        HadoopFiles.writeAtomically(labelsFile, ImageCodec.encodeLabelPng(labels), conf);
        HadoopFiles.writeAtomically(colorFile,
                ImageCodec.encodePng(LabelPalette.colorize(labels, palette)), conf);
    }
}
