package org.gss.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gss.data.image.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model checkpoint as one NumPy {@code .npz} file: a JSON text (stored as the uint8 array {@code config.json}) and
 * float32 tensors, one {@code .npy} entry each. Being a plain npz, it reads back with {@link NumpyArrays#readNpz} and
 * with {@code numpy.load} ({@code bytes(np.load(f)["config.json"]).decode()} gives the JSON).
 *
 * <p>Written by {@link NpzWriter}: atomically, and the same content always gives the same bytes (and the same
 * fingerprint).
 */
public final class NpzCheckpoint {
    /** Name of the JSON entry (without the .npy suffix). */
    public static final String CONFIG_ENTRY = "config.json";

    /** The JSON text and the tensors (in file order) of a checkpoint. */
    public record Contents(String json, Map<String, INDArray> tensors) {
    }

    /** The JSON header's {@code model} node and {@code provenance} strings. */
    public record Header(JsonNode model, Map<String, String> provenance) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private NpzCheckpoint() {
    }

    /**
     * The JSON header {@link #load} reads: format, version, the {@code model} node that {@code model} fills, and the
     * provenance strings (pretty-printed, fields in this order, so the same model gives the same bytes).
     */
    public static String header(String format, int version, java.util.function.Consumer<ObjectNode> model,
            Map<String, String> provenance) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", format);
        root.put("version", version);
        model.accept(root.putObject("model"));
        ObjectNode p = root.putObject("provenance");
        provenance.forEach(p::put);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a checkpoint of {@code format} and builds the model from its header and tensors. A missing, malformed or
     * foreign file, another version, or a model config that {@code build} rejects (IllegalArgumentException) is a
     * BadInputException naming the file.
     */
    public static <T> T load(Path file, String format, int version, BiFunction<Header, Map<String, INDArray>, T> build) {
        Contents c = read(file);
        try {
            JsonNode root = JSON.readTree(c.json());
            if (root == null || !format.equals(root.path("format").asText())) {
                throw new BadInputException(file.toString(), "not a " + format + " checkpoint (format is '"
                        + (root == null ? "" : root.path("format").asText()) + "')");
            }
            if (root.path("version").asInt() != version) {
                throw new BadInputException(file.toString(), "unsupported checkpoint version "
                        + root.path("version").asText() + " (this build reads " + version + ")");
            }
            Map<String, String> provenance = new LinkedHashMap<>();
            root.path("provenance").fields().forEachRemaining(e -> provenance.put(e.getKey(), e.getValue().asText()));
            return build.apply(new Header(root.path("model"), provenance), c.tensors());
        } catch (JsonProcessingException e) {
            throw new BadInputException(file.toString(), "checkpoint config is not valid JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file.toString(), "bad model config in checkpoint: " + e.getMessage(), e);
        }
    }

    /** Writes {@code json} and {@code tensors} (as float32, C order) to {@code file} atomically ({@link NpzWriter}). */
    public static void write(Path file, String json, Map<String, INDArray> tensors) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        entries.put(CONFIG_ENTRY, NpyWriter.uint8(text, text.length));
        tensors.forEach((k, v) -> entries.put(k, NpzWriter.float32(v)));
        NpzWriter.write(file, entries);
    }

    /** Reads a checkpoint; a missing, unreadable or JSON-less file is a {@link BadInputException} naming it. */
    public static Contents read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file.toString(), "checkpoint not found");
        }
        Map<String, INDArray> all = new LinkedHashMap<>(NumpyArrays.readNpz(file));
        INDArray text = all.remove(CONFIG_ENTRY);
        if (text == null || text.rank() != 1) {
            throw new BadInputException(file.toString(), "not a checkpoint: no '" + CONFIG_ENTRY + "' entry");
        }
        int[] ints = text.castTo(DataType.INT).toIntVector();
        byte[] bytes = new byte[ints.length];
        for (int i = 0; i < ints.length; i++) {
            bytes[i] = (byte) ints[i];
        }
        return new Contents(new String(bytes, StandardCharsets.UTF_8), all);
    }
}
