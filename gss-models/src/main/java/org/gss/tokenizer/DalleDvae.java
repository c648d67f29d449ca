package org.gss.tokenizer;

import java.nio.file.Path;
import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The DALL-E discrete VAE as a {@link Tokenizer}, the way GSS uses it: encode = {@code map_pixels} → encoder →
 * argmax; decode = decoder → sigmoid of channels 0..2 → {@code unmap_pixels}. Float32 throughout (the reference
 * on CPU); GSS ran most convs in fp16 on CUDA, so near-tied logits may pick other tokens than GSS did.
 * Immutable and thread-safe.
 */
public final class DalleDvae implements Tokenizer {
    private static final int DOWNSAMPLE = 8;

    private final DvaeEncoder encoder;
    private final DvaeDecoder decoder;

    public DalleDvae(DvaeEncoder encoder, DvaeDecoder decoder) {
        if (encoder.config().vocabSize() != decoder.config().vocabSize()) {
            throw new IllegalArgumentException("encoder vocabulary " + encoder.config().vocabSize()
                    + " differs from decoder vocabulary " + decoder.config().vocabSize());
        }
        if (encoder.config().inputChannels() != 3 || decoder.config().outputChannels() != 3) {
            throw new IllegalArgumentException("a maskige tokenizer needs 3 input and 3 output channels, got "
                    + encoder.config() + " / " + decoder.config());
        }
        this.encoder = encoder;
        this.decoder = decoder;
    }

    public DalleDvae(DvaeWeights weights) {
        this(weights.buildEncoder(), weights.buildDecoder());
    }

    /** Loads {@code encoder.npz} and {@code decoder.npz} (state_dict names, see {@code tools/dvae_pkl_to_npz.py}). */
    public static DalleDvae load(Path encoderNpz, Path decoderNpz) {
        return new DalleDvae(DvaeWeights.load(encoderNpz, decoderNpz));
    }

    @Override
    public int vocabularySize() {
        return encoder.config().vocabSize();
    }

    @Override
    public int downsampleFactor() {
        return DOWNSAMPLE;
    }

    @Override
    public INDArray encode(INDArray maskige) {
        checkMaskige(maskige);
        return encoder.tokens(PixelMapping.map(maskige));
    }

    /** Encoder logits {@code [n, vocab, H/8, W/8]} of a [0, 1] maskige (map_pixels applied here). */
    public INDArray encoderLogits(INDArray maskige) {
        checkMaskige(maskige);
        return encoder.logits(PixelMapping.map(maskige));
    }

    /** Raw decoder output {@code [n, 6, 8h, 8w]}: channels 0..2 logit-space means, 3..5 log-scales (unused). */
    public INDArray decoderOutput(INDArray tokens) {
        return decoder.output(tokens);
    }

    @Override
    public INDArray decodeRgb(INDArray tokens) {
        return decoder.rgb(tokens);
    }

    public DvaeEncoder encoder() {
        return encoder;
    }

    public DvaeDecoder decoder() {
        return decoder;
    }

    private static void checkMaskige(INDArray maskige) {
        if (maskige.rank() != 4 || maskige.size(1) != 3 || maskige.size(2) % DOWNSAMPLE != 0
                || maskige.size(3) % DOWNSAMPLE != 0 || maskige.size(2) == 0 || maskige.size(3) == 0) {
            throw new IllegalArgumentException("maskige must be [n, 3, H, W] with H and W positive multiples of "
                    + DOWNSAMPLE + ", got " + Arrays.toString(maskige.shape()));
        }
        if (!maskige.dataType().isFPType()) {
            throw new IllegalArgumentException("maskige must be floating point in [0, 1], got " + maskige.dataType());
        }
    }
}
