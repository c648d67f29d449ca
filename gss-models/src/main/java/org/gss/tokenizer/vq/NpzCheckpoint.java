package org.gss.tokenizer.vq;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.gss.data.image.BadInputException;
import org.gss.tokenizer.NumpyArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model checkpoint as one NumPy {@code .npz} file: a JSON text (stored as the uint8 array {@code config.json}) and
 * float32 tensors, one {@code .npy} entry each. Being a plain npz, it reads back with {@link NumpyArrays#readNpz} and
 * with {@code numpy.load} ({@code bytes(np.load(f)["config.json"]).decode()} gives the JSON).
 *
 * <p>Writes go to a temporary sibling that is then renamed over the target, so readers never see half a file. Entry
 * times are fixed, so the same content always gives the same bytes (and the same fingerprint).
 */
public final class NpzCheckpoint {
    /** Name of the JSON entry (without the .npy suffix). */
    public static final String CONFIG_ENTRY = "config.json";
    private static final long FIXED_TIME = 315532800000L; // 1980-01-01, the earliest zip time

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

    /** Writes {@code json} and {@code tensors} (as float32, C order) to {@code file} atomically. */
    public static void write(Path file, String json, Map<String, INDArray> tensors) {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            try (OutputStream fout = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(fout)) {
                byte[] text = json.getBytes(StandardCharsets.UTF_8);
                put(zip, CONFIG_ENTRY, npy("|u1", new long[] {text.length}, text));
                for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
                    INDArray a = e.getValue().castTo(DataType.FLOAT).dup('c');
                    float[] v = a.length() == 0 ? new float[0] : a.data().asFloat();
                    ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                    buf.asFloatBuffer().put(v);
                    put(zip, e.getKey(), npy("<f4", a.shape(), buf.array()));
                }
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error matters more
            }
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
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

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry e = new ZipEntry(name + ".npy");
        e.setTime(FIXED_TIME);
        zip.putNextEntry(e);
        zip.write(content);
        zip.closeEntry();
    }

    /** An npy (format 1.0) file: magic, header padded to a multiple of 64 bytes, then the raw little-endian data. */
    static byte[] npy(String descr, long[] shape, byte[] data) {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        if (shape.length == 1) {
            dims += ",";
        }
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': ("
                + dims + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(10 + h.length + data.length);
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.ISO_8859_1));
        out.write(1);
        out.write(0);
        out.write(h.length & 0xff);
        out.write((h.length >> 8) & 0xff);
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }
}
