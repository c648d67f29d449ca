package org.gss.jobs.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.gss.config.ConfigError;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.jobs.AtomicDirectory;

/**
 * Training checkpoints on any Hadoop file system:
 * {@code <out>/checkpoints/iter-<n>/{model.zip, checkpoint.json}} (parameters + updater state; iteration, model
 * config hash, seed, target source) and {@code <out>/checkpoints/LATEST} naming the newest, written last. A
 * checkpoint is published atomically; {@code LATEST} only ever names a complete one.
 */
public final class Checkpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints() {
    }

    public record Meta(int iteration, String modelHash, long seed, String targets, String path) {
    }

    public static String dir(String out) {
        return HadoopFiles.resolve(out, "checkpoints");
    }

    static void save(ComputationGraph net, String out, int iteration, String modelHash, long seed, String targets,
            Configuration conf) {
        String target = HadoopFiles.resolve(dir(out), String.format("iter-%08d", iteration));
        AtomicDirectory d = AtomicDirectory.begin(target, conf);
        try {
            File local = Files.createTempFile("gss-model", ".zip").toFile();
            try {
                ModelSerializer.writeModel(net, local, true);
                HadoopFiles.writeAtomically(HadoopFiles.resolve(d.tempUri(), "model.zip"), Files.readAllBytes(local.toPath()),
                        conf);
            } finally {
                local.delete();
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("iteration", iteration);
            meta.put("modelHash", modelHash);
            meta.put("seed", seed);
            meta.put("targets", targets);
            meta.put("createdAt", Instant.now().toString());
            HadoopFiles.writeAtomically(HadoopFiles.resolve(d.tempUri(), "checkpoint.json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta), conf);
            d.commit();
            HadoopFiles.writeAtomically(HadoopFiles.resolve(dir(out), "LATEST"),
                    target.getBytes(StandardCharsets.UTF_8), conf);
        } catch (IOException e) {
            d.abort();
            throw new UncheckedIOException(e);
        }
    }

    /** The newest complete checkpoint of a run, if any. */
    public static Optional<Meta> latest(String out, Configuration conf) {
        String pointer = HadoopFiles.resolve(dir(out), "LATEST");
        if (!HadoopFiles.exists(pointer, conf)) {
            return Optional.empty();
        }
        String path = new String(HadoopFiles.readAllBytes(pointer, conf), StandardCharsets.UTF_8).trim();
        return Optional.of(read(path, conf));
    }

    /**
     * The checkpoint folder a location names, qualified: a training run folder (its {@code checkpoints/LATEST}, read
     * once, so every later reader uses the same checkpoint), a checkpoint folder, or its {@code model.zip}.
     *
     * @throws BadInputException naming the location when it holds no {@code model.zip}
     */
    public static String resolve(String location, Configuration conf) {
        String folder = latest(location, conf).map(Meta::path)
                .orElse(location.endsWith("model.zip") ? location.substring(0, location.length() - "/model.zip".length())
                        : location);
        if (!HadoopFiles.exists(HadoopFiles.resolve(folder, "model.zip"), conf)) {
            throw new BadInputException(location, "no Stage II checkpoint here: expected a training run folder (with"
                    + " checkpoints/LATEST, written by gss train), a checkpoint folder or its model.zip");
        }
        return HadoopFiles.qualify(folder, conf);
    }

    /** A checkpoint folder (or its model.zip). */
    @SuppressWarnings("unchecked")
    public static Meta read(String path, Configuration conf) {
        String folder = path.endsWith("model.zip") ? path.substring(0, path.length() - "/model.zip".length()) : path;
        String json = HadoopFiles.resolve(folder, "checkpoint.json");
        try {
            Map<String, Object> m = JSON.readValue(HadoopFiles.readAllBytes(json, conf), Map.class);
            return new Meta(((Number) m.get("iteration")).intValue(), (String) m.get("modelHash"),
                    ((Number) m.get("seed")).longValue(), (String) m.get("targets"), folder);
        } catch (IOException e) {
            throw new BadInputException(json, "unreadable checkpoint metadata: " + e.getMessage(), e);
        }
    }

    /** Loads the network of a checkpoint, refusing one trained with a different model configuration. */
    public static ComputationGraph load(Meta meta, String expectedModelHash, Configuration conf) {
        if (expectedModelHash != null && !expectedModelHash.equals(meta.modelHash())) {
            throw new ConfigError("checkpoint " + meta.path() + " was trained with a different model configuration"
                    + " (model hash " + meta.modelHash().substring(0, 12) + ", this config "
                    + expectedModelHash.substring(0, 12) + "): use the config that trained it, or a new gss.train.out");
        }
        return loadNetwork(meta.path(), conf);
    }

    public static ComputationGraph loadNetwork(String folder, Configuration conf) {
        String zip = HadoopFiles.resolve(folder, "model.zip");
        try {
            File local = Files.createTempFile("gss-model", ".zip").toFile();
            try {
                Files.write(local.toPath(), HadoopFiles.readAllBytes(zip, conf));
                return ModelSerializer.restoreComputationGraph(local, true);
            } finally {
                local.delete();
            }
        } catch (IOException e) {
            throw new BadInputException(zip, "cannot read the model: " + e.getMessage(), e);
        }
    }
}
