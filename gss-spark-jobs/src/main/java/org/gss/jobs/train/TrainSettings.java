package org.gss.jobs.train;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.TokenGrid;
import org.gss.data.view.ViewGeometry;
import org.gss.model.Backbones;
import org.gss.model.ModelConfig;
import org.gss.model.optim.OptimConfig;
import org.gss.model.optim.ParamwiseDecay;

/** The {@code gss.train} and {@code gss.model} blocks, validated, plus the vocabulary and class count they need. */
public record TrainSettings(String out, int iterations, int batchPerWorker, int workers, int averagingFrequency,
        int prefetch, int crop, List<AugmentationView> views, ViewGeometry geometry, double catMaxRatio,
        boolean photometric, String targets, int checkpointEvery, int logEvery, long seed, ModelConfig model,
        OptimConfig optim, Map<String, Integer> datasetRepeat, boolean normEval) implements Serializable {

    public static TrainSettings from(GssConfig cfg, int vocab, int classes) {
        Settings t = Settings.of(cfg, "gss.train");
        Settings m = Settings.of(cfg, "gss.model");
        Settings o = t.child("optimizer");
        TokenGrid grid = TokenGrid.of(cfg);
        int crop = grid.readCrop(t, "crop", 4096);
        List<Integer> base = t.ints("base-size");
        if (base.size() != 2 || base.get(0) <= 0 || base.get(1) <= 0) {
            throw t.error("base-size", "expected [long side, short side], e.g. [2048, 1024]", null);
        }
        List<Double> scales = t.doubles("scales");
        if (scales.isEmpty()) {
            throw t.error("scales", "must list at least one resize ratio", null);
        }
        int iterations = t.intIn("iterations", 1, 100_000_000);
        long seed = cfg.root().getLong("gss.seed");
        try {
            return build(t, m, o, grid, crop, base, scales, iterations, seed, vocab, classes);
        } catch (IllegalArgumentException e) {
            throw new org.gss.config.ConfigError("gss.train / gss.model: " + e.getMessage(), e);
        }
    }

    private static TrainSettings build(Settings t, Settings m, Settings o, TokenGrid grid, int crop, List<Integer> base,
            List<Double> scales, int iterations, long seed, int vocab, int classes) {
        ModelConfig model = new ModelConfig(Backbones.readDepth(m), m.intIn("base-width", 2, 1024),
                true, m.intIn("mla.channels", 1, 8192), m.intIn("mla.depth", 1, 48), m.intIn("mla.window", 1, 64),
                m.intIn("mla.heads", 1, 128), m.intIn("mla.ffn", 1, 65536), m.intIn("mla.hidden", 1, 65536), vocab,
                m.intIn("aux-head.channels", 1, 8192), classes, m.doubleIn("loss.token-weight", 0, 100),
                m.doubleIn("loss.pixel-weight", 0, 100), m.doubleIn("token-dropout", 0, 0.99), crop, seed, swin(m));
        OptimConfig optim = new OptimConfig(o.doubleIn("lr", 0, 10), o.doubleIn("weight-decay", 0, 10),
                o.doubleIn("beta1", 0, 1), o.doubleIn("beta2", 0, 1), 1e-8, iterations,
                o.intIn("warmup-iterations", 0, 100_000_000), o.doubleIn("warmup-ratio", 0, 1),
                o.doubleIn("poly-power", 0, 100), o.doubleIn("min-lr", 0, 10), paramwise(o));
        return new TrainSettings(t.nonEmpty("out"), iterations, t.intIn("batch-per-worker", 1, 4096),
                t.intIn("workers", 1, 10_000), t.intIn("averaging-frequency", 1, 100_000), t.intIn("prefetch", 0, 64),
                crop, AugmentationView.grid(scales, t.bool("flip")), grid.geometry(base.get(0), base.get(1)),
                t.doubleIn("cat-max-ratio", 0, 1), t.bool("photometric"), t.oneOf("targets", "cached", "online"),
                t.intIn("checkpoint-every", 1, 100_000_000), t.intIn("log-every", 1, 100_000_000), seed, model, optim,
                datasetRepeat(t), m.bool("norm-eval"));
    }

    /** {@code optimizer.paramwise}: key (substring of reference parameter names) → decay-mult (mmcv custom_keys). */
    static ParamwiseDecay paramwise(Settings o) {
        Map<String, Double> mult = new TreeMap<>();
        Settings p = o.child("paramwise");
        com.typesafe.config.Config template = p.raw().getConfig("\"*\"");
        for (String key : p.raw().root().keySet()) {
            if (!key.equals("*")) {
                String path = com.typesafe.config.ConfigUtil.joinPath(key);
                mult.put(key, new Settings(p.raw().getConfig(path).withFallback(template), p.prefix() + "." + path)
                        .doubleIn("decay-mult", 0, 1000));
            }
        }
        return new ParamwiseDecay(mult);
    }

    /** {@code dataset-repeat}: dataset (MSeg domain) name → how many times the reference repeats it (≥ 1). */
    static Map<String, Integer> datasetRepeat(Settings t) {
        Map<String, Integer> out = new TreeMap<>();
        Settings r = t.child("dataset-repeat");
        for (String name : r.raw().root().keySet()) {
            out.put(name, r.intIn(com.typesafe.config.ConfigUtil.joinPath(name), 1, 1_000_000));
        }
        return Map.copyOf(out);
    }

    /** The token grid of the crops and views (that of {@link #geometry()}). */
    public TokenGrid grid() {
        return new TokenGrid(geometry.tokenSize());
    }

    /** The same settings for a tokenizer of vocabulary {@code vocab} (known once its weights are loaded). */
    public TrainSettings withVocab(int vocab) {
        return new TrainSettings(out, iterations, batchPerWorker, workers, averagingFrequency, prefetch, crop, views,
                geometry, catMaxRatio, photometric, targets, checkpointEvery, logEvery, seed, model.withVocab(vocab),
                optim, datasetRepeat, normEval);
    }

    /** {@code gss.model.backbone}: null for resnet, the {@code gss.model.swin} sizes for swin-l. */
    static org.gss.model.backbone.SwinTransformer.Spec swin(Settings m) {
        if (Backbones.readBackbone(m).equals(Backbones.RESNET_V1C)) {
            return null;
        }
        Settings w = m.child("swin");
        List<Integer> depths = w.ints("depths");
        List<Integer> heads = w.ints("heads");
        if (depths.isEmpty() || depths.size() != heads.size()) {
            throw w.error("heads", "needs one entry per stage of gss.model.swin.depths " + depths, null);
        }
        return new org.gss.model.backbone.SwinTransformer.Spec(w.intIn("patch", 1, 64), w.intIn("embed", 1, 4096),
                depths.stream().mapToInt(Integer::intValue).toArray(), heads.stream().mapToInt(Integer::intValue).toArray(),
                w.intIn("window", 1, 64), w.intIn("mlp-ratio", 1, 16));
    }
}
