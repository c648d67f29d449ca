package org.gss.tokenizer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gss.data.image.BadInputException;
import org.gss.io.NumpyArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * dVAE weights keyed by the PyTorch state_dict names ({@code blocks.group_2.block_1.id_path.w}, …; convs OIHW), with
 * the encoder and decoder configurations inferred from the tensor shapes. Every tensor is checked: a missing,
 * unexpected or wrongly shaped one fails with an error naming the key, the file, and expected vs found shape.
 */
public record DvaeWeights(DvaeEncoder.Config encoderConfig, Map<String, INDArray> encoder,
                          DvaeDecoder.Config decoderConfig, Map<String, INDArray> decoder) {

    /** Checks both state dicts against their configurations (see {@link #load} for errors that name files). */
    public DvaeWeights {
        StateDicts.check(encoder, encoderConfig.stateDictShapes(), "encoder state dict", "for " + encoderConfig);
        StateDicts.check(decoder, decoderConfig.stateDictShapes(), "decoder state dict", "for " + decoderConfig);
        if (encoderConfig.vocabSize() != decoderConfig.vocabSize()) {
            throw new IllegalArgumentException("encoder vocabulary " + encoderConfig.vocabSize()
                    + " differs from decoder vocabulary " + decoderConfig.vocabSize());
        }
        encoder = Map.copyOf(encoder);
        decoder = Map.copyOf(decoder);
    }

    /** Reads and validates {@code encoder.npz} and {@code decoder.npz} (see {@code tools/dvae_pkl_to_npz.py}). */
    public static DvaeWeights load(Path encoderNpz, Path decoderNpz) {
        Map<String, INDArray> enc = NumpyArrays.readNpz(encoderNpz);
        Map<String, INDArray> dec = NumpyArrays.readNpz(decoderNpz);
        DvaeEncoder.Config ec = inferEncoder(enc, encoderNpz.toString());
        DvaeDecoder.Config dc = inferDecoder(dec, decoderNpz.toString());
        if (ec.vocabSize() != dc.vocabSize()) {
            throw new BadInputException(decoderNpz.toString(), "vocabulary " + dc.vocabSize()
                    + " does not match the encoder's " + ec.vocabSize() + " (" + encoderNpz + ")");
        }
        return new DvaeWeights(ec, asFloat(enc, ec.stateDictShapes()),
                dc, asFloat(dec, dc.stateDictShapes()));
    }

    /** Infers the encoder configuration from {@code stateDict} and checks every tensor against it. */
    public static DvaeEncoder.Config inferEncoder(Map<String, INDArray> stateDict, String source) {
        long[] in = shape(stateDict, "blocks.input.w", source);
        long[] out = shape(stateDict, "blocks.output.conv.w", source);
        DvaeEncoder.Config c = new DvaeEncoder.Config(
                toInt(in[0]), countBlocks(stateDict, source), toInt(in[1]), toInt(out[0]));
        StateDicts.check(stateDict, expectedShapes(c::stateDictShapes, source), source,
                "configuration inferred from shapes: " + c);
        return c;
    }

    /** Infers the decoder configuration from {@code stateDict} and checks every tensor against it. */
    public static DvaeDecoder.Config inferDecoder(Map<String, INDArray> stateDict, String source) {
        long[] in = shape(stateDict, "blocks.input.w", source);
        long[] out = shape(stateDict, "blocks.output.conv.w", source);
        if (out[0] % 2 != 0) {
            throw new BadInputException(source, "tensor 'blocks.output.conv.w' has shape " + Arrays.toString(out)
                    + ", expected an even number of output channels (2 · output_channels)");
        }
        DvaeDecoder.Config c = new DvaeDecoder.Config(
                toInt(in[0]), toInt(out[1]), countBlocks(stateDict, source), toInt(out[0] / 2), toInt(in[1]));
        StateDicts.check(stateDict, expectedShapes(c::stateDictShapes, source), source,
                "configuration inferred from shapes: " + c);
        return c;
    }

    /** The encoder built from these weights. */
    public DvaeEncoder buildEncoder() {
        return new DvaeEncoder(encoderConfig, encoder);
    }

    /** The decoder built from these weights. */
    public DvaeDecoder buildDecoder() {
        return new DvaeDecoder(decoderConfig, decoder);
    }

    private static long[] shape(Map<String, INDArray> sd, String key, String source) {
        INDArray a = sd.get(key);
        if (a == null) {
            throw new BadInputException(source, "missing tensor '" + key + "' (needed to infer the configuration)");
        }
        if (a.rank() != 4) {
            throw new BadInputException(source, "tensor '" + key + "' has shape " + Arrays.toString(a.shape())
                    + ", expected a 4-d OIHW conv weight");
        }
        return a.shape();
    }

    /** n_blk_per_group = the number of consecutive group_1 blocks present. */
    private static int countBlocks(Map<String, INDArray> sd, String source) {
        int n = 0;
        while (sd.containsKey(DvaeEncoder.blockPrefix(1, n + 1) + ".res_path.conv_1.w")) {
            n++;
        }
        if (n == 0) {
            throw new BadInputException(source, "missing tensor '" + DvaeEncoder.blockPrefix(1, 1)
                    + ".res_path.conv_1.w' (needed to infer n_blk_per_group)");
        }
        return n;
    }

    private static Map<String, long[]> expectedShapes(java.util.function.Supplier<Map<String, long[]>> shapes,
                                                     String source) {
        try {
            return shapes.get();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source, "inconsistent tensor shapes: " + e.getMessage(), e);
        }
    }

    private static Map<String, INDArray> asFloat(Map<String, INDArray> sd, Map<String, long[]> order) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String key : order.keySet()) {
            INDArray a = sd.get(key);
            out.put(key, a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT));
        }
        return out;
    }

    private static int toInt(long v) {
        return Math.toIntExact(v);
    }
}
