package org.gss.jobs.train;

import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.DatasetSettings;
import org.gss.maskige.MaskigeSettings;
import org.gss.tokenizer.config.TokenizerSettings;

/**
 * Everything {@code gss train} reads from the configuration, validated before Spark starts: the training and model
 * blocks, the dataset, maskige and tokenizer blocks the batches are built with, the sample manifest, and the token
 * cache the targets come from when {@code gss.train.targets = cached}.
 *
 * @param train     gss.train and gss.model; its model vocabulary is the configured codebook size until the tokenizer's
 *                  weights are loaded ({@link TrainSettings#withVocab})
 * @param manifest  gss.index.out: the sample manifest to train on
 * @param stopAfter gss.train.stop-after: stop after this many iterations of this invocation (0 = run to the end)
 * @param cacheRoot gss.token-cache.root with cached targets; "" with online targets
 * @param pretrained gss.model.pretrained: backbone weights a new run starts from; "" = random initialisation
 */
public record TrainJobSettings(TrainSettings train, DatasetSettings dataset, MaskigeSettings maskige,
        TokenizerSettings tokenizer, String manifest, int stopAfter, String cacheRoot, String pretrained) {

    public static TrainJobSettings from(GssConfig cfg) {
        MaskigeSettings maskige = MaskigeSettings.from(cfg);
        TokenizerSettings tokenizer = TokenizerSettings.from(cfg);
        TrainSettings train = TrainSettings.from(cfg, tokenizer.codebookSize(), maskige.classes());
        String cacheRoot = train.targets().equals("cached") ? Settings.of(cfg, "gss.token-cache").nonEmpty("root")
                : "";
        return new TrainJobSettings(train, DatasetSettings.from(cfg), maskige, tokenizer,
                Settings.of(cfg, "gss.index").nonEmpty("out"),
                Settings.of(cfg, "gss.train").intIn("stop-after", 0, Integer.MAX_VALUE), cacheRoot,
                Settings.of(cfg, "gss.model").string("pretrained"));
    }
}
