package org.gss.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gss.data.view.TokenGrid;
import org.gss.maskige.MaskigeSettings;
import org.gss.tokenizer.config.TokenizerSettings;
import org.gss.tokenizer.cache.CacheKeys;

/**
 * What a Stage II checkpoint's outputs mean, so that inference decodes them the way training encoded its targets: the
 * tokens are ids of one tokenizer's codebook (its weights' fingerprint), on a grid of one token per
 * {@code tokenGrid}×{@code tokenGrid} pixels, decoded to maskiges painted with one palette of {@code classes} colours.
 * Written into {@code checkpoint.json} by training and compared with the configuration by evaluation and prediction.
 *
 * @param tokenizer SHA-256 fingerprint of the tokenizer weights ({@link TokenizerSettings#fingerprint()})
 * @param palette   hash of the palette's colours ({@link CacheKeys#paletteHash}); null when not recorded
 * @param classes   number of classes K the palette colours and the auxiliary head predicts
 * @param tokenGrid pixels per token along each side; 0 when not recorded
 */
public record DecodingIdentity(String tokenizer, String palette, int classes, int tokenGrid) {
    static final String KEY = "decoding";

    /** The configured tokenizer (its weights are hashed here), palette and class count. */
    public static DecodingIdentity of(MaskigeSettings maskige, TokenizerSettings tokenizer) {
        return of(maskige, tokenizer.fingerprint());
    }

    /** On the token grid every tokenizer uses today ({@link TokenGrid#DEFAULT}). */
    public static DecodingIdentity of(MaskigeSettings maskige, String tokenizerFingerprint) {
        return of(maskige, tokenizerFingerprint, TokenGrid.DEFAULT);
    }

    public static DecodingIdentity of(MaskigeSettings maskige, String tokenizerFingerprint, TokenGrid grid) {
        return new DecodingIdentity(tokenizerFingerprint, CacheKeys.paletteHash(maskige.createPalette()),
                maskige.classes(), grid.size());
    }

    /**
     * The identity of a checkpoint written before {@code decoding} was recorded: the tokenizer fingerprint and class
     * count its run identity holds (palette and token grid unknown, so not compared).
     */
    static DecodingIdentity fromRunIdentity(RunIdentity identity) {
        String classes = identity.fixed().get("gss.maskige.classes");
        return new DecodingIdentity(identity.fixed().get(RunIdentity.TOKENIZER_WEIGHTS), null,
                classes == null || !classes.matches("\\d+") ? 0 : Integer.parseInt(classes), 0);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenizer", tokenizer);
        m.put("palette", palette);
        m.put("classes", classes);
        m.put("tokenGrid", tokenGrid);
        return m;
    }

    static DecodingIdentity fromJson(Map<?, ?> m) {
        return new DecodingIdentity((String) m.get("tokenizer"), (String) m.get("palette"),
                m.get("classes") instanceof Number n ? n.intValue() : 0,
                m.get("tokenGrid") instanceof Number g ? g.intValue() : 0);
    }

    /**
     * What differs between this (a checkpoint's) identity and {@code configured}, one line each naming both values
     * (tokenizer fingerprints in full); facts the checkpoint did not record are not compared.
     */
    public List<String> differences(DecodingIdentity configured) {
        List<String> out = new ArrayList<>();
        if (tokenizer != null && !tokenizer.equals(configured.tokenizer)) {
            out.add("tokenizer weights (SHA-256): checkpoint " + tokenizer + ", configured " + configured.tokenizer
                    + " (gss.tokenizer)");
        }
        if (palette != null && !palette.equals(configured.palette)) {
            out.add("palette colours: checkpoint " + palette.substring(0, Math.min(12, palette.length()))
                    + "…, configured " + configured.palette.substring(0, Math.min(12, configured.palette.length()))
                    + "… (gss.maskige.palette, palette-file, seed)");
        }
        if (classes > 0 && classes != configured.classes) {
            out.add("classes: checkpoint " + classes + ", configured " + configured.classes + " (gss.maskige.classes)");
        }
        if (tokenGrid > 0 && tokenGrid != configured.tokenGrid) {
            out.add("token grid: checkpoint one token per " + tokenGrid + " pixels, configured "
                    + configured.tokenGrid);
        }
        return out;
    }
}
