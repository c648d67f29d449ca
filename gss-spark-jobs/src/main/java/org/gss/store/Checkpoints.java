package org.gss.store;

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
import org.gss.model.ModelFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training checkpoints on any Hadoop file system:
 * {@code <out>/checkpoints/iter-<n>/{model.zip, checkpoint.json}} (parameters + updater state; iteration, model
 * config hash, seed, target source, the {@link RunIdentity} a resume is checked against and the
 * {@link DecodingIdentity} inference is checked against) and {@code <out>/checkpoints/LATEST} naming the newest
 * (relative to the folder, so a run folder can be moved or copied), written last. A checkpoint is published
 * atomically; {@code LATEST} only ever names a complete one. Evaluation, prediction and the token cache's pseudo-label
 * fill name a checkpoint by a run folder, a checkpoint folder or its {@code model.zip}; {@link #resolve} turns each
 * into one checkpoint folder.
 */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = ModelFile.NAME;
    private static final String META = "checkpoint.json";
    private static final String LATEST = "LATEST";

    private Checkpoints() {
    }

    /**
     * {@code identity} is null for checkpoints written before it was recorded (their model hash is checked);
     * {@code decoding} is read from the identity for checkpoints written before it was recorded, null without either.
     */
    public record Meta(int iteration, String modelHash, long seed, String targets, String cacheVersion, String path,
            RunIdentity identity, DecodingIdentity decoding) {
    }

    public static String dir(String out) {
        return HadoopFiles.resolve(out, "checkpoints");
    }

    public static void save(ComputationGraph net, String out, int iteration, String modelHash, long seed, String targets,
            RunIdentity identity, DecodingIdentity decoding, String configJson, String cacheVersion,
            Configuration conf) {
        String name = String.format("iter-%08d", iteration);
        String target = HadoopFiles.resolve(dir(out), name);
        AtomicDirectory d = AtomicDirectory.begin(target, conf);
        try {
            File local = Files.createTempFile("gss-model", ".zip").toFile();
            try {
                ModelSerializer.writeModel(net, local, true);
                HadoopFiles.writeAtomically(HadoopFiles.resolve(d.tempUri(), MODEL), Files.readAllBytes(local.toPath()),
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
            meta.put(DecodingIdentity.KEY, decoding.toJson());
            meta.put("config", JSON.readTree(configJson));
            meta.put("createdAt", Instant.now().toString());
            // embeds the configuration: owner-readable only
            HadoopFiles.writePrivately(HadoopFiles.resolve(d.tempUri(), META),
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
    public static int cleanStale(String out, Configuration conf) {
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
        String folder = latest(location, conf).map(Meta::path).orElse(folder(location));
        if (!HadoopFiles.exists(HadoopFiles.resolve(folder, MODEL), conf)) {
            throw new BadInputException(location, "no Stage II checkpoint here: expected a training run folder (with"
                    + " checkpoints/LATEST, written by gss train), a checkpoint folder or its model.zip");
        }
        return HadoopFiles.qualify(folder, conf);
    }

    /**
     * {@link #resolve}s a location for inference and checks that the checkpoint decodes the way the configuration
     * does: same tokenizer weights, palette, class count and token grid (as far as the checkpoint recorded them).
     *
     * @throws ConfigError naming every difference (the tokenizer by both fingerprints)
     */
    public static String resolveForInference(String location, DecodingIdentity configured, Configuration conf) {
        String folder = resolve(location, conf);
        if (!HadoopFiles.exists(HadoopFiles.resolve(folder, META), conf)) {
            LOG.warn("checkpoint {} has no {}: its tokenizer, palette and classes cannot be checked", folder, META);
            return folder;
        }
        DecodingIdentity recorded = read(folder, conf).decoding();
        if (recorded == null) {
            LOG.warn("checkpoint {} records no tokenizer or palette: they cannot be checked", folder);
            return folder;
        }
        List<String> differ = recorded.differences(configured);
        if (!differ.isEmpty()) {
            throw new ConfigError("checkpoint " + folder + " was trained for other targets than this configuration"
                    + " decodes (" + String.join("; ", differ) + "). Configure the tokenizer, palette and classes it"
                    + " was trained with");
        }
        return folder;
    }

    /** The checkpoint folder a location names: the location itself, or the folder of a {@code model.zip}. */
    public static String folder(String location) {
        return location.endsWith("/" + MODEL) ? location.substring(0, location.length() - MODEL.length() - 1)
                : location;
    }

    /** A checkpoint folder (or its model.zip). */
    @SuppressWarnings("unchecked")
    public static Meta read(String path, Configuration conf) {
        String folder = folder(path);
        String json = HadoopFiles.resolve(folder, META);
        try {
            Map<String, Object> m = JSON.readValue(HadoopFiles.readAllBytes(json, conf), Map.class);
            RunIdentity identity = m.get("fixed") instanceof Map<?, ?> f && m.get("dataOrder") instanceof Map<?, ?> d
                    ? new RunIdentity((Map<String, String>) f, (Map<String, String>) d) : null;
            DecodingIdentity decoding = m.get(DecodingIdentity.KEY) instanceof Map<?, ?> dec
                    ? DecodingIdentity.fromJson(dec)
                    : identity == null ? null : DecodingIdentity.fromRunIdentity(identity);
            return new Meta(((Number) m.get("iteration")).intValue(), (String) m.get("modelHash"),
                    ((Number) m.get("seed")).longValue(), (String) m.get("targets"), (String) m.get("cacheVersion"), folder,
                    identity, decoding);
        } catch (IOException e) {
            throw new BadInputException(json, "unreadable checkpoint metadata: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the network of a checkpoint to continue it under {@code now}, refusing one written under a different
     * configuration with a message that names each differing setting (older checkpoints: by model hash).
     */
    public static ComputationGraph loadToResume(Meta meta, RunIdentity now, String modelHash, Configuration conf) {
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

    /** The network of a checkpoint folder (or its model.zip), with its updater state. */
    public static ComputationGraph loadNetwork(String location, Configuration conf) {
        String zip = ModelFile.in(folder(location));
        return ModelFile.restore(zip, HadoopFiles.readAllBytes(zip, conf), true);
    }
}
