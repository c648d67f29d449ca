package org.gss.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.gss.config.GssConfig;
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

    public static TokenizerSettings from(GssConfig cfg) {
        Settings s = Settings.of(cfg, "gss.tokenizer");
        String kind = s.oneOf("kind", "dvae", "own");
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
        return switch (kind) {
            case "dvae" -> DalleDvae.load(LocalCopies.of(encoderNpz), LocalCopies.of(decoderNpz));
            default -> OwnTokenizerLoader.load(LocalCopies.of(checkpoint));
        };
    }

    /** SHA-256 over the kind and the weight files' bytes: equal exactly when the tokenizer computes the same tokens. */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(kind.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String f : kind.equals("dvae") ? new String[] {encoderNpz, decoderNpz} : new String[] {checkpoint}) {
                if (!HadoopFiles.exists(f, JvmHadoopConf.get())) {
                    throw new BadInputException(f, "tokenizer weights not found"
                            + (kind.equals("own") ? " (train them with: gss tokenizer train)" : ""));
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
