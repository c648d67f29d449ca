package org.gss.jobs.tokenizer;

import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.DatasetSettings;
import org.gss.maskige.FtConfig;
import org.gss.maskige.MaskigeSettings;
import org.gss.tokenizer.config.TokenizerSettings;
import org.gss.tokenizer.ft.FtTrainingSettings;
import org.gss.tokenizer.vq.VqTrainingSettings;

/**
 * Everything {@code gss tokenizer train} reads from the configuration, validated before Spark starts: the tokenizer
 * to train and where it goes, the maskige (palette, FT inverse checkpoint), the dataset and sample manifest its label
 * maps come from, the VQ and FT training schedules, and whether the configuration uses the FT inverse at all.
 *
 * @param manifest gss.index.out: the indexed dataset (train split to learn, val split to report on)
 * @param usesFt   the FT inverse is configured (gss.maskige.inverse or one of gss.reconstruct.inverses): train it too
 */
public record TokenizerTrainingSettings(TokenizerSettings tokenizer, MaskigeSettings maskige, DatasetSettings dataset,
        String manifest, long seed, VqTrainingSettings vq, FtTrainingSettings ft, FtConfig ftConfig, boolean usesFt) {

    public static TokenizerTrainingSettings from(GssConfig cfg) {
        MaskigeSettings maskige = MaskigeSettings.from(cfg);
        boolean usesFt = maskige.inverse().equals(MaskigeSettings.FT)
                || Settings.of(cfg, "gss.reconstruct").strings("inverses").contains(MaskigeSettings.FT);
        return new TokenizerTrainingSettings(TokenizerSettings.from(cfg), maskige, DatasetSettings.from(cfg),
                Settings.of(cfg, "gss.index").nonEmpty("out"), cfg.root().getLong("gss.seed"),
                VqTrainingSettings.from(cfg), FtTrainingSettings.from(cfg), FtConfig.from(cfg), usesFt);
    }

    /** Where the trained tokenizer is written (and found on a rerun): a local path or a Hadoop URI. */
    public String checkpoint() {
        return tokenizer.checkpoint();
    }

    /** Where the trained FT inverse is written. */
    public String ftCheckpoint() {
        return maskige.inverseCheckpoint();
    }
}
