package org.gss.jobs.reconstruct;

import java.util.ArrayList;
import java.util.List;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.DatasetSettings;
import org.gss.maskige.MaskigeSettings;
import org.gss.tokenizer.config.TokenizerSettings;

/**
 * Everything {@code gss reconstruct} reads from the configuration, validated before Spark starts: the split and output
 * folder ({@code gss.reconstruct}), the sample manifest ({@code gss.index.out}), the dataset, maskige and tokenizer
 * blocks, and the palette × inverse combinations to compare. Reads no files: the palettes and inverses themselves are
 * loaded by the job.
 */
public record ReconstructSettings(String split, String out, String manifest, DatasetSettings dataset,
        MaskigeSettings maskige, TokenizerSettings tokenizer, List<ReconstructJob.Combination> combinations) {

    public static ReconstructSettings from(GssConfig cfg) {
        Settings s = Settings.of(cfg, "gss.reconstruct");
        MaskigeSettings maskige = MaskigeSettings.from(cfg);
        List<ReconstructJob.Combination> combos = combinations(s, maskige);
        return new ReconstructSettings(s.nonEmpty("split"), s.nonEmpty("out"),
                Settings.of(cfg, "gss.index").nonEmpty("out"), DatasetSettings.from(cfg), maskige,
                TokenizerSettings.from(cfg), combos);
    }

    /** Every listed palette with every listed inverse; empty lists mean the configured palette / inverse. */
    static List<ReconstructJob.Combination> combinations(Settings s, MaskigeSettings m) {
        List<String> palettes = MaskigeSettings.PALETTES.readList(s, "palettes");
        List<String> inverses = MaskigeSettings.INVERSES.readList(s, "inverses");
        palettes = palettes.isEmpty() ? List.of(m.palette()) : palettes;
        inverses = inverses.isEmpty() ? List.of(m.inverse()) : inverses;
        List<ReconstructJob.Combination> out = new ArrayList<>();
        for (String p : palettes) {
            for (String i : inverses) {
                if (i.equals(MaskigeSettings.FT) && !p.equals(m.palette())) {
                    throw s.error("inverses", "the ft inverse is trained on gss.maskige.palette (" + m.palette()
                            + ") maskiges and cannot read the " + p + " palette's", null);
                }
                out.add(new ReconstructJob.Combination(p, i));
            }
        }
        return List.copyOf(out);
    }
}
