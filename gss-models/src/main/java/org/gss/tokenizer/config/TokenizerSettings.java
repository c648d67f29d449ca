package org.gss.tokenizer.config;

import java.io.IOException;
import org.gss.tokenizer.Tokenizer;
import org.gss.tokenizer.DalleDvae;
import org.gss.tokenizer.vq.VqTokenizer;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.gss.config.GssConfig;
import org.gss.config.Registry;
import org.gss.config.Settings;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.fs.JvmHadoopConf;
import org.gss.data.fs.LocalCopies;
import org.gss.data.image.BadInputException;

/**
 * The {@code gss.tokenizer} block, validated: which tokenizer turns maskiges into tokens. Serializable so Spark tasks
 * can open the same tokenizer on executors. {@link #fingerprint()} identifies the weights (caches key on it).
 *
 * @param kind {@code dvae} (DALL-E weights from .npz) or {@code own} (the project's VQ tokenizer checkpoint)
 */
public record TokenizerSettings(String kind, String encoderNpz, String decoderNpz, String checkpoint, int codebookSize,
        int hidden, int blocksPerGroup) implements Serializable {

    /** What one tokenizer kind needs: its weight files and how to load them. */
    private record Kind(Function<TokenizerSettings, List<String>> weights, Function<TokenizerSettings, Tokenizer> open,
            String hint) {
    }

    /** Tokenizers by config name ({@code gss.tokenizer.kind}). */
    private static final Registry<Kind> KINDS = Registry.<Kind>of("tokenizer")
            .add("dvae", new Kind(t -> List.of(t.encoderNpz(), t.decoderNpz()),
                    t -> DalleDvae.load(LocalCopies.of(t.encoderNpz()), LocalCopies.of(t.decoderNpz())), ""))
            .add("own", new Kind(t -> List.of(t.checkpoint()), t -> VqTokenizer.load(LocalCopies.of(t.checkpoint())),
                    " (train them with: gss tokenizer train)"))
            .build();

    /** The kind {@code gss tokenizer train} trains. */
    public static final String OWN = "own";

    public static TokenizerSettings from(GssConfig cfg) {
        Settings s = Settings.of(cfg, "gss.tokenizer");
        String kind = KINDS.read(s, "kind");
        if (kind.equals("dvae")) {
            s.nonEmpty("encoder-npz");
            s.nonEmpty("decoder-npz");
        }
        return new TokenizerSettings(kind, s.string("encoder-npz"), s.string("decoder-npz"), s.nonEmpty("checkpoint"),
                s.intIn("codebook-size", 2, 65_536), s.intIn("hidden", 4, 4096), s.intIn("blocks-per-group", 1, 16));
    }

    /**
     * Loads the tokenizer; missing or bad weight files are a BadInputException naming the file. Locations may be
     * Hadoop URIs: each JVM (driver or executor) fetches them itself through this JVM's Hadoop configuration.
     */
    public Tokenizer open() {
        return KINDS.get(kind).open().apply(this);
    }

    /** SHA-256 over the kind and the weight files' bytes: equal exactly when the tokenizer computes the same tokens. */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(kind.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Kind k = KINDS.get(kind);
            for (String f : k.weights().apply(this)) {
                if (!HadoopFiles.exists(f, JvmHadoopConf.get())) {
                    throw new BadInputException(f, "tokenizer weights not found" + k.hint());
                }
                try (InputStream in = new DigestInputStream(HadoopFiles.open(f, JvmHadoopConf.get()), md)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
