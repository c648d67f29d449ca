package org.gss.tokenizer.vq;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gss.data.image.BadInputException;
import org.gss.io.NpzCheckpoint;
import org.gss.tokenizer.DvaeDecoder;
import org.gss.tokenizer.DvaeEncoder;
import org.gss.tokenizer.PixelMapping;
import org.gss.tokenizer.Tokenizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The project's own maskige tokenizer: a VQ-VAE of the DALL-E dVAE family (see {@link VqConfig}).
 *
 * <ul>
 * <li>encode: {@code map_pixels} → DALL-E encoder (7×7 input conv, 4 groups of pre-activation residual blocks,
 * max-pool after groups 1..3, relu → 1×1 conv) → D-dimensional vectors at 1/8 resolution → id of the nearest codebook
 * vector (squared L2; ties to the lowest id).</li>
 * <li>decode: codebook vector of each token → 1×1 conv → 4 groups of blocks with nearest ×2 upsampling after groups
 * 1..3 → relu → 1×1 conv to 3 channels → sigmoid → {@code unmap_pixels}.</li>
 * </ul>
 * Inference runs on the eager NHWC/oneDNN port of the dVAE ({@link DvaeEncoder}, {@link DvaeDecoder}): the codebook is
 * folded into the decoder's input conv (one row per token, exact) and the output conv gets three zero channels where
 * DALL-E keeps log-scales. Immutable and thread-safe.
 */
public final class VqTokenizer implements Tokenizer {
    static final String FORMAT = "gss-vq-tokenizer";
    static final int FORMAT_VERSION = 1;

    private final VqConfig config;
    private final Map<String, INDArray> parameters; // file layout, codebook included; never mutated
    private final DvaeEncoder encoder;
    private final DvaeDecoder decoder;
    private final INDArray codebookT; // [D, K]
    private final INDArray codebookNorms; // [1, K]
    private final Map<String, String> provenance;

    /**
     * @param parameters file-layout tensors ({@link VqParameters#fileShapes} plus {@code codebook}); copied
     * @param provenance free-form facts about how the weights were made (seed, iterations, data), saved with them
     */
    VqTokenizer(VqConfig config, Map<String, INDArray> parameters, Map<String, String> provenance, String source) {
        VqParameters.check(config, parameters, source);
        this.config = config;
        Map<String, INDArray> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> copy.put(k, v.castTo(DataType.FLOAT).dup('c')));
        this.parameters = Collections.unmodifiableMap(copy);
        this.provenance = Map.copyOf(provenance);
        INDArray codebook = copy.get(VqParameters.CODEBOOK);
        this.codebookT = codebook.transpose().dup('c');
        this.codebookNorms = codebook.mul(codebook).sum(1).reshape(1, config.codebookSize());
        this.encoder = new DvaeEncoder(config.encoderConfig(), VqParameters.strip(copy, VqParameters.ENCODER));
        this.decoder = new DvaeDecoder(config.decoderConfig(), decoderStateDict(config, copy));
    }

    /** Reads a checkpoint written by {@link #save}; a missing or malformed file is a BadInputException naming it. */
    public static VqTokenizer load(Path file) {
        return NpzCheckpoint.load(file, FORMAT, FORMAT_VERSION, (h, tensors) -> new VqTokenizer(new VqConfig(
                h.model().path("hidden").asInt(), h.model().path("blocksPerGroup").asInt(),
                h.model().path("codebookSize").asInt(), h.model().path("embeddingDim").asInt()), tensors,
                h.provenance(), file.toString()));
    }

    /** Writes config, provenance and weights to one .npz file, atomically (see {@link NpzCheckpoint}). */
    public void save(Path file) {
        NpzCheckpoint.write(file, configJson(), parameters);
    }

    String configJson() {
        return NpzCheckpoint.header(FORMAT, FORMAT_VERSION, m -> {
            m.put("hidden", config.hidden());
            m.put("blocksPerGroup", config.blocksPerGroup());
            m.put("codebookSize", config.codebookSize());
            m.put("embeddingDim", config.embeddingDim());
            m.put("downsample", VqConfig.DOWNSAMPLE);
            m.put("inputMapping", "map_pixels (0.8x+0.1)");
            m.put("outputMapping", "unmap_pixels(sigmoid(y))");
        }, provenance);
    }

    public VqConfig config() {
        return config;
    }

    public Map<String, String> provenance() {
        return provenance;
    }

    /** The codebook [K, D] (a copy). */
    public INDArray codebook() {
        return parameters.get(VqParameters.CODEBOOK).dup();
    }

    /** File-layout tensors (OIHW convs and the codebook), read-only views. */
    Map<String, INDArray> parameters() {
        return parameters;
    }

    @Override
    public int vocabularySize() {
        return config.codebookSize();
    }

    @Override
    public int downsampleFactor() {
        return VqConfig.DOWNSAMPLE;
    }

    /** Encoder outputs before quantisation, {@code [n, D, H/8, W/8]}, for a [0, 1] maskige. */
    public INDArray latents(INDArray maskige) {
        checkMaskige(maskige);
        return encoder.logits(PixelMapping.map(maskige));
    }

    @Override
    public INDArray encode(INDArray maskige) {
        INDArray z = latents(maskige); // [n, D, h, w]
        long n = z.size(0);
        long h = z.size(2);
        long w = z.size(3);
        INDArray flat = z.permute(0, 2, 3, 1).dup('c').reshape(n * h * w, config.embeddingDim());
        // ‖z − c‖² = ‖z‖² − 2 z·c + ‖c‖²; ‖z‖² is the same for every code, so it does not change the argmin
        INDArray dist = flat.mmul(codebookT).muli(-2).addiRowVector(codebookNorms);
        INDArray ids = Nd4j.argMin(dist, 1).castTo(DataType.INT).reshape(n, h, w);
        z.close();
        return ids;
    }

    @Override
    public INDArray decodeRgb(INDArray tokens) {
        return decoder.rgb(tokens);
    }

    /**
     * The DvaeDecoder state dict: input conv on one-hot tokens = codebook · W_in (row t = the 1×1 conv applied to code
     * vector t), output conv padded from 3 to 6 channels with zeros.
     */
    private static Map<String, INDArray> decoderStateDict(VqConfig cfg, Map<String, INDArray> file) {
        Map<String, INDArray> sd = VqParameters.strip(file, VqParameters.DECODER);
        INDArray w = sd.get("blocks.input.w").reshape(cfg.decoderInit(), cfg.embeddingDim()); // [8n, D]
        INDArray folded = w.mmul(file.get(VqParameters.CODEBOOK).transpose()); // [8n, K]
        sd.put("blocks.input.w", folded.reshape(cfg.decoderInit(), cfg.codebookSize(), 1, 1));
        INDArray ow = Nd4j.zeros(DataType.FLOAT, 6, cfg.hidden(), 1, 1);
        ow.get(NDArrayIndex.interval(0, 3)).assign(sd.get("blocks.output.conv.w"));
        INDArray ob = Nd4j.zeros(DataType.FLOAT, 6);
        ob.get(NDArrayIndex.interval(0, 3)).assign(sd.get("blocks.output.conv.b"));
        sd.put("blocks.output.conv.w", ow);
        sd.put("blocks.output.conv.b", ob);
        return sd;
    }

    private static void checkMaskige(INDArray maskige) {
        if (maskige.rank() != 4 || maskige.size(1) != 3 || maskige.size(2) % VqConfig.DOWNSAMPLE != 0
                || maskige.size(3) % VqConfig.DOWNSAMPLE != 0 || maskige.size(2) == 0 || maskige.size(3) == 0) {
            throw new IllegalArgumentException("maskige must be [n, 3, H, W] with H and W positive multiples of "
                    + VqConfig.DOWNSAMPLE + ", got " + Arrays.toString(maskige.shape()));
        }
        if (!maskige.dataType().isFPType()) {
            throw new IllegalArgumentException("maskige must be floating point in [0, 1], got " + maskige.dataType());
        }
    }
}
