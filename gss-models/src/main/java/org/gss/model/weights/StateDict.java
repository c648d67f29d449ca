package org.gss.model.weights;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gss.data.image.BadInputException;
import org.gss.io.NumpyArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A reference state_dict split into backbone and head tensors. An mmseg {@code EncoderDecoder}
 * checkpoint has {@code backbone.*} and {@code decode_head.*} keys; a bare backbone or head file has no
 * prefix (a head is recognised by {@code fusion_conv.*}). The head's frozen dVAE ({@code d_vae.*}) is
 * not part of the encoder ψ and is set aside in {@link #skipped()}.
 */
public record StateDict(String source, Map<String, INDArray> backbone, Map<String, INDArray> head,
        Map<String, INDArray> skipped, boolean prefixed) {

    /** The file's own name of a backbone or head tensor (with the EncoderDecoder prefix when the file has it). */
    public String fileKey(boolean headTensor, String key) {
        return prefixed ? (headTensor ? "decode_head." : "backbone.") + key : key;
    }

    public static StateDict read(Path npz) {
        return of(NumpyArrays.readNpz(npz), npz.toString());
    }

    public static StateDict of(Map<String, INDArray> all, String source) {
        Map<String, INDArray> backbone = new LinkedHashMap<>();
        Map<String, INDArray> head = new LinkedHashMap<>();
        Map<String, INDArray> skipped = new LinkedHashMap<>();
        boolean prefixed = all.keySet().stream().anyMatch(k -> k.startsWith("backbone.")
                || k.startsWith("decode_head."));
        boolean bareHead = !prefixed && all.containsKey("fusion_conv.conv.weight");
        for (Map.Entry<String, INDArray> e : all.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("backbone.")) {
                backbone.put(k.substring("backbone.".length()), e.getValue());
            } else if (k.startsWith("decode_head.")) {
                String rest = k.substring("decode_head.".length());
                (rest.startsWith("d_vae.") ? skipped : head).put(rest, e.getValue());
            } else if (prefixed) {
                throw new BadInputException(source, "unexpected tensor '" + k + "' in an EncoderDecoder checkpoint"
                        + " (only backbone.* and decode_head.* are read)");
            } else if (k.startsWith("d_vae.")) {
                skipped.put(k, e.getValue());
            } else {
                (bareHead ? head : backbone).put(k, e.getValue());
            }
        }
        if (backbone.isEmpty() && head.isEmpty()) {
            throw new BadInputException(source, "holds no backbone or head tensors");
        }
        return new StateDict(source, backbone, head, skipped, prefixed);
    }
}
