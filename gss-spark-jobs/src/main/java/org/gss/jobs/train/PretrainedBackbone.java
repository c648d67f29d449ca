package org.gss.jobs.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.config.ConfigError;
import org.gss.model.ModelConfig;
import org.gss.model.weights.ConfiguredModelCheck;
import org.gss.model.weights.ReferenceArchitecture;
import org.gss.model.weights.ReferenceWeights;
import org.gss.model.weights.StateDict;

/**
 * {@code gss.model.pretrained}: backbone weights (an .npz with the reference names, from {@code gss weights
 * convert}; any Hadoop URI) loaded into a new run's backbone, strictly, after checking that the file holds the
 * configured backbone. Not used on {@code --resume} (the checkpoint has the trained weights).
 */
public final class PretrainedBackbone {

    public static final String KEY = "gss.model.pretrained";

    /** What was loaded: the URI, the file's SHA-256, tensors and values. */
    public record Loaded(String uri, String sha256, int tensors, long values) {
    }

    private PretrainedBackbone() {
    }

    /** Loads {@code uri} into {@code net}'s backbone; empty when {@code uri} is blank (random initialisation). */
    public static Optional<Loaded> load(ComputationGraph net, ModelConfig model, String uri, Configuration hadoop) {
        if (uri == null || uri.isBlank()) {
            return Optional.empty();
        }
        Path local = null;
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
            FileSystem fs = p.getFileSystem(hadoop);
            if (!fs.isFile(p)) {
                throw new ConfigError(KEY + ": " + uri + " does not exist (or is not a file)");
            }
            local = Files.createTempFile("gss-pretrained-", ".npz");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(fs.open(p), sha)) {
                Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            StateDict sd = StateDict.of(org.gss.io.NumpyArrays.readNpz(local), uri);
            ReferenceArchitecture arch = ReferenceArchitecture.infer(sd, null);
            ConfiguredModelCheck.backbone(arch, model, uri);
            ReferenceWeights.ImportReport r = ReferenceWeights.load(net, sd, arch, ReferenceWeights.Part.BACKBONE);
            return Optional.of(new Loaded(uri, HexFormat.of().formatHex(sha.digest()), r.tensorsLoaded(),
                    r.valuesLoaded()));
        } catch (IOException e) {
            throw new ConfigError(KEY + ": cannot read " + uri + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (local != null) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }
}
