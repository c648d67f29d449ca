package org.gss.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gss.config.GssConfig;
import org.gss.data.manifest.ManifestEntry;

/**
 * The settings a checkpoint records so that {@code --resume} can check the configuration continuing it, as flat
 * {@code key → value} text. {@link #fixed} must match or the run is refused: they define the network, its optimiser
 * schedule and the meaning of its targets (model, optimiser, iterations, crop, seed, maskige palette, tokenizer
 * weights; not the maskige inverse, which training does not use). {@link #dataOrder} may change, with a warning: the
 * run continues correctly but no longer repeats the rounds an uninterrupted run would have done (workers, batch,
 * averaging frequency, augmentation, target source, the train samples).
 */
public record RunIdentity(Map<String, String> fixed, Map<String, String> dataOrder) {
    public static final String TOKENIZER_WEIGHTS = "tokenizer weights (SHA-256)";
    public static final String VOCABULARY = "tokenizer vocabulary";
    public static final String TRAIN_SAMPLES = "train samples (SHA-256 of ids and contents)";
    public static final String PRETRAINED = "pretrained backbone (SHA-256)";

    public static RunIdentity of(GssConfig cfg, int vocab, String tokenizerFingerprint, List<ManifestEntry> train) {
        Map<String, String> fixed = new TreeMap<>();
        Config recorded = cfg.recorded(); // checkpoint.json records these values: credentials redacted
        flatten(recorded, "gss.model", fixed);
        flatten(recorded, "gss.train.optimizer", fixed);
        for (String k : List.of("gss.seed", "gss.train.iterations", "gss.train.crop", "gss.maskige.palette",
                "gss.maskige.palette-file", "gss.maskige.classes", "gss.maskige.seed")) {
            fixed.put(k, render(recorded, k));
        }
        fixed.put(VOCABULARY, Integer.toString(vocab));
        fixed.put(TOKENIZER_WEIGHTS, tokenizerFingerprint);
        Map<String, String> order = new TreeMap<>();
        for (String k : List.of("workers", "batch-per-worker", "averaging-frequency", "scales", "base-size", "flip",
                "cat-max-ratio", "photometric", "targets")) {
            order.put("gss.train." + k, render(recorded, "gss.train." + k));
        }
        StringBuilder samples = new StringBuilder();
        train.forEach(e -> samples.append(e.dataset()).append('/').append(e.sampleId()).append('=')
                .append(e.contentKey()).append('\n'));
        order.put(TRAIN_SAMPLES, GssConfig.sha256(samples.toString()));
        return new RunIdentity(fixed, order);
    }

    /** This identity with the SHA-256 of the backbone weights the run started from ("none": random); null adds nothing. */
    public RunIdentity withPretrained(String sha256) {
        if (sha256 == null) {
            return this;
        }
        Map<String, String> f = new TreeMap<>(fixed);
        f.put(PRETRAINED, sha256);
        return new RunIdentity(f, dataOrder);
    }

    /** "key: checkpoint A, this config B" for every fixed setting that differs (keys only one side has included). */
    public List<String> refusals(RunIdentity checkpoint) {
        return differences(checkpoint.fixed, fixed);
    }

    /** The same for the data-order settings. */
    public List<String> dataOrderChanges(RunIdentity checkpoint) {
        return differences(checkpoint.dataOrder, dataOrder);
    }

    private static List<String> differences(Map<String, String> before, Map<String, String> now) {
        TreeMap<String, String> keys = new TreeMap<>(before);
        keys.putAll(now);
        List<String> out = new ArrayList<>();
        for (String k : keys.keySet()) {
            String a = before.get(k);
            String b = now.get(k);
            if (a == null || !a.equals(b)) {
                out.add(k + ": checkpoint " + shorten(a) + ", this config " + shorten(b));
            }
        }
        return out;
    }

    private static String shorten(String v) {
        return v == null ? "(not set)" : v.length() > 16 && v.matches("[0-9a-f]+") ? v.substring(0, 12) + "…" : v;
    }

    private static void flatten(Config root, String path, Map<String, String> out) {
        Config c = root.getConfig(path);
        c.entrySet().forEach(e -> out.put(path + "." + e.getKey(), e.getValue().render(ConfigRenderOptions.concise())));
    }

    private static String render(Config root, String path) {
        return root.hasPath(path) ? root.getValue(path).render(ConfigRenderOptions.concise()) : "(not set)";
    }
}
