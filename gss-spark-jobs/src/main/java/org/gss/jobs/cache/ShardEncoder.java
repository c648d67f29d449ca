package org.gss.jobs.cache;

import org.gss.store.CachePaths;
import org.gss.store.SegmentFiles;
import org.gss.tokenizer.config.SharedTokenizers;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.util.LongAccumulator;
import org.gss.config.GssConfig;
import org.gss.data.DatasetReaders;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.layout.BadInputPolicy;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.layout.SampleRef;
import org.gss.data.layout.Skipped;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.manifest.SampleInspector;
import org.gss.data.view.AugmentationView;
import org.gss.maskige.Palette;
import org.gss.tokenizer.cache.CacheEntry;
import org.gss.tokenizer.cache.PseudoLabeler;
import org.gss.tokenizer.cache.SampleEncoder;

/**
 * Executor side of a build: runs one {@link ShardWork.Task}. Reads each sample's label (and image, when a pseudo-label
 * fill needs it), checks the bytes against the manifest's hash, encodes the missing views with the executor's shared
 * tokenizer, and writes all new entries of the shard as one segment file, atomically. A failure before the write leaves
 * nothing behind; a finished segment is reused by the next build even if this build dies later.
 */
final class ShardEncoder {
    private ShardEncoder() {
    }

    /**
     * Everything a task needs besides its samples; serializable, built once on the driver.
     *
     * @param pseudo the pseudo-label fill opened on the driver (a checkpoint already resolved), or null
     */
    record Context(TokenCacheSettings settings, Palette palette, String fingerprint, String root,
            PseudoLabeler pseudo) implements Serializable {
    }

    static ShardWork.Result run(ShardWork.Task task, Context ctx, Configuration conf, LongAccumulator samplesDone) {
        TokenCacheSettings s = ctx.settings();
        DatasetLayout layout = DatasetReaders.open(s.dataset(), conf);
        SampleEncoder encoder = new SampleEncoder(ctx.palette(), SharedTokenizers.get(s.tokenizer(),
                ctx.fingerprint()), s.geometry());
        PseudoLabeler pseudo = ctx.pseudo();
        if (pseudo != null && task.samples().stream().anyMatch(w -> !w.missingPseudo().isEmpty())) {
            // before the samples: a checkpoint that cannot be loaded fails the task, it is no sample's fault
            pseudo.prepare(conf);
        }
        List<CacheEntry> entries = new ArrayList<>();
        List<ShardWork.SampleOutcome> outcomes = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (ShardWork.SampleWork w : task.samples()) {
            ManifestEntry e = w.entry();
            try {
                LabelMap labels = readLabels(layout, e, conf);
                long unlabeled = labels.size() - labels.labeledCount();
                boolean usePseudo = !w.pseudoKey().isEmpty() && unlabeled > 0;
                String key = usePseudo ? w.pseudoKey() : w.baseKey();
                List<String> todo = usePseudo ? w.missingPseudo() : w.missingBase();
                LabelMap encoded = labels;
                if (usePseudo && !todo.isEmpty()) {
                    encoded = fill(pseudo, e, labels, conf);
                }
                List<AugmentationView> views = s.views().stream().filter(v -> todo.contains(v.id())).toList();
                try {
                    entries.addAll(encoder.encode(w.sampleKey(), key, e.sampleId(), labels, encoded, views));
                } catch (IllegalArgumentException ex) {
                    // e.g. a label id the palette does not colour
                    throw new BadInputException(e.labelUri(), ex.getMessage(), ex);
                }
                outcomes.add(new ShardWork.SampleOutcome(w.sampleKey(), key, views.stream().map(AugmentationView::id)
                        .toList(), unlabeled));
            } catch (BadInputException ex) {
                if (s.dataset().badInput() == BadInputPolicy.FAIL) {
                    throw ex;
                }
                skipped.add(new Skipped(e.dataset(), e.split(), e.sampleId(), ex.file(), ex.getMessage()));
            }
            samplesDone.add(1);
        }
        if (entries.isEmpty()) {
            return new ShardWork.Result(task.dataset(), task.split(), task.shard(), "", 0, 0, outcomes, skipped);
        }
        String segment = CachePaths.segment(task.dataset(), task.split(), segmentName(entries));
        long bytes = SegmentFiles.write(ctx.root() + "/" + segment, entries, conf);
        return new ShardWork.Result(task.dataset(), task.split(), task.shard(), segment, bytes, entries.size(),
                outcomes, skipped);
    }

    /** The sample's labels with its unlabeled pixels filled; a fill that cannot use the image names the image. */
    static LabelMap fill(PseudoLabeler pseudo, ManifestEntry e, LabelMap labels, Configuration conf) {
        RgbImage image = pseudo.usesImage() ? readImage(e, conf) : null;
        try {
            return pseudo.fill(image, labels);
        } catch (IllegalArgumentException ex) {
            throw new BadInputException(e.imageUri(), ex.getMessage(), ex);
        }
    }

    /** Named by its content's ids, so the same work always gives the same file name. */
    static String segmentName(List<CacheEntry> entries) {
        StringBuilder sb = new StringBuilder();
        for (CacheEntry e : entries) {
            sb.append(e.id()).append('\n');
        }
        return "seg-" + GssConfig.sha256(sb.toString()).substring(0, 32) + ".parquet";
    }

    /** The training labels, after checking the file still has the bytes the manifest hashed. */
    static LabelMap readLabels(DatasetLayout layout, ManifestEntry e, Configuration conf) {
        byte[] bytes = HadoopFiles.readAllBytes(e.labelUri(), conf);
        String sha = SampleInspector.sha256(bytes);
        if (!sha.equals(e.labelSha256())) {
            throw new BadInputException(e.labelUri(), "changed since it was indexed (sha256 " + sha.substring(0, 12)
                    + "…, manifest says " + e.labelSha256().substring(0, 12) + "…): run gss index again");
        }
        SampleRef ref = e.ref();
        LabelMap labels = layout.trainingLabels(ref, bytes);
        if (labels.width() != e.width() || labels.height() != e.height()) {
            throw new BadInputException(e.labelUri(), "label is " + labels.width() + "x" + labels.height()
                    + " but the manifest says " + e.width() + "x" + e.height());
        }
        return labels;
    }

    static RgbImage readImage(ManifestEntry e, Configuration conf) {
        byte[] bytes = HadoopFiles.readAllBytes(e.imageUri(), conf);
        if (!SampleInspector.sha256(bytes).equals(e.imageSha256())) {
            throw new BadInputException(e.imageUri(), "changed since it was indexed: run gss index again");
        }
        return ImageCodec.decodeRgb(bytes, e.imageUri());
    }
}
