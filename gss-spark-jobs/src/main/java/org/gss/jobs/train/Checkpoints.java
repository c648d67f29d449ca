package org.gss.jobs.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.gss.config.ConfigError;
import org.gss.data.fs.ConfinedPaths;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.fs.TempNames;
import org.gss.data.image.BadInputException;
import org.gss.jobs.AtomicDirectory;

/**
 * Training checkpoints on any Hadoop file system:
 * {@code <out>/checkpoints/iter-<n>/{model.zip, checkpoint.json}} (parameters + updater state; iteration, model
 * config hash, seed, target source) and {@code <out>/checkpoints/LATEST} naming the newest (relative to the folder,
 * so a run folder can be moved or copied), written last. A
 * checkpoint is published atomically; {@code LATEST} only ever names a complete one.
 */
public final class Checkpoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LATEST = "LATEST";

    private Checkpoints() {
    }

    /** {@code identity} is null for checkpoints written before it was recorded (their model hash is checked). */
    public record Meta(int iteration, String modelHash, long seed, String targets, String cacheVersion, String path,
            RunIdentity identity) {
    }

    public static String dir(String out) {
        return HadoopFiles.resolve(out, "checkpoints");
    }

    static void save(ComputationGraph net, String out, int iteration, String modelHash, long seed, String targets,
            RunIdentity identity, String configJson, String cacheVersion, Configuration conf) {
        String name = String.format("iter-%08d", iteration);
        String target = HadoopFiles.resolve(dir(out), name);
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
            meta.put("cacheVersion", cacheVersion);
            meta.put("fixed", identity.fixed());
            meta.put("dataOrder", identity.dataOrder());
            meta.put("config", JSON.readTree(configJson));
            meta.put("createdAt", Instant.now().toString());
            // embeds the configuration: owner-readable only
            HadoopFiles.writePrivately(HadoopFiles.resolve(d.tempUri(), "checkpoint.json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta), conf);
            d.commit();
            // relative: a moved or copied run folder keeps reading its own checkpoints
            HadoopFiles.writeAtomically(HadoopFiles.resolve(dir(out), LATEST), name.getBytes(StandardCharsets.UTF_8),
                    conf);
        } catch (IOException e) {
            d.abort();
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes the hidden leftovers of checkpoint writes whose writer died ({@code .iter-*.tmp-*}, {@code .LATEST.tmp-*}):
     * called when a run starts. Returns how many.
     */
    static int cleanStale(String out, Configuration conf) {
        return TempNames.cleanStale(dir(out), null, conf);
    }

    /** The newest complete checkpoint of a run, if any. */
    public static Optional<Meta> latest(String out, Configuration conf) {
        String pointer = HadoopFiles.resolve(dir(out), LATEST);
        if (!HadoopFiles.exists(pointer, conf)) {
            return Optional.empty();
        }
        String named = new String(HadoopFiles.readAllBytes(pointer, conf), StandardCharsets.UTF_8).trim();
        return Optional.of(read(latestFolder(dir(out), named, pointer, conf), conf));
    }

    /**
     * The folder LATEST names: a name beside it (written since checkpoints moved with their run folder), or an absolute
     * URI as older runs wrote it; when that URI is gone (the run folder was moved) the checkpoint of the same name
     * beside LATEST is used.
     */
    private static String latestFolder(String checkpoints, String named, String pointer, Configuration conf) {
        if (named.isEmpty() || named.contains("/") && !HadoopFiles.toPath(named).isAbsolute()) {
            throw new BadInputException(pointer, "expected the name of a checkpoint folder (iter-NNNNNNNN), got '"
                    + named + "'");
        }
        if (!named.contains("/")) {
            ConfinedPaths.check(named, pointer, "checkpoint name");
            return HadoopFiles.resolve(checkpoints, named);
        }
        if (HadoopFiles.exists(named, conf)) {
            return named;
        }
        String beside = HadoopFiles.resolve(checkpoints, HadoopFiles.toPath(named).getName());
        return HadoopFiles.exists(beside, conf) ? beside : named;
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
            RunIdentity identity = m.get("fixed") instanceof Map<?, ?> f && m.get("dataOrder") instanceof Map<?, ?> d
                    ? new RunIdentity((Map<String, String>) f, (Map<String, String>) d) : null;
            return new Meta(((Number) m.get("iteration")).intValue(), (String) m.get("modelHash"),
                    ((Number) m.get("seed")).longValue(), (String) m.get("targets"), (String) m.get("cacheVersion"), folder,
                    identity);
        } catch (IOException e) {
            throw new BadInputException(json, "unreadable checkpoint metadata: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the network of a checkpoint to continue it under {@code now}, refusing one written under a different
     * configuration with a message that names each differing setting (older checkpoints: by model hash).
     */
    static ComputationGraph loadToResume(Meta meta, RunIdentity now, String modelHash, Configuration conf) {
        List<String> differ = meta.identity() != null ? now.refusals(meta.identity())
                : modelHash.equals(meta.modelHash()) ? List.of()
                : List.of("model/optimiser settings (model hash " + meta.modelHash().substring(0, 12)
                        + ", this config " + modelHash.substring(0, 12) + ")");
        if (!differ.isEmpty()) {
            throw new ConfigError("cannot resume from checkpoint " + meta.path() + ": it was written under a different"
                    + " configuration (" + String.join("; ", differ) + "). Use the configuration that trained it, or"
                    + " another gss.train.out to start a new run");
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
