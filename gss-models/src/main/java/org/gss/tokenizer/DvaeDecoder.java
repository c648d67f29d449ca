package org.gss.tokenizer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The DALL-E dVAE decoder ({@code dall_e/decoder.py}), float32 on ND4J: the one-hot 1×1 input conv done as a
 * column gather, four groups of pre-activation residual blocks with nearest ×2 upsampling after groups 1..3, then
 * relu → 1×1 conv to {@code 2·output_channels}. Computes in NHWC internally; returns NCHW.
 * Immutable and thread-safe.
 */
public final class DvaeDecoder {
    /** Shape parameters of {@code Decoder(n_init, n_hid, n_blk_per_group, output_channels, vocab_size)}. */
    public record Config(int nInit, int nHid, int nBlkPerGroup, int outputChannels, int vocabSize) {
        public static final int GROUP_COUNT = 4;

        public Config {
            if (nInit < 1 || nHid < 1 || nBlkPerGroup < 1 || outputChannels < 1 || vocabSize < 1) {
                throw new IllegalArgumentException("decoder config values must be positive: " + this);
            }
        }

        /** The released DALL-E decoder's defaults. */
        public static Config dallE() {
            return new Config(128, 256, 2, 3, 8192);
        }

        public int nLayers() {
            return GROUP_COUNT * nBlkPerGroup;
        }

        /** Every state_dict key this configuration has, with its shape, in the reference's registration order. */
        public Map<String, long[]> stateDictShapes() {
            Map<String, long[]> s = new LinkedHashMap<>();
            s.put("blocks.input.w", new long[] {nInit, vocabSize, 1, 1});
            s.put("blocks.input.b", new long[] {nInit});
            for (int g = 1; g <= GROUP_COUNT; g++) {
                for (int i = 1; i <= nBlkPerGroup; i++) {
                    ResidualBlock.addShapes(s, DvaeEncoder.blockPrefix(g, i), blockIn(g, i), groupOut(g),
                            ResidualBlock.DECODER_KERNELS);
                }
            }
            s.put("blocks.output.conv.w", new long[] {2L * outputChannels, nHid, 1, 1});
            s.put("blocks.output.conv.b", new long[] {2L * outputChannels});
            return s;
        }

        long groupOut(int g) {
            return (8L * nHid) >> (g - 1); // 8n, 4n, 2n, n
        }

        long blockIn(int g, int i) {
            return i > 1 ? groupOut(g) : g == 1 ? nInit : groupOut(g - 1);
        }
    }

    private final Config config;
    private final INDArray embedding; // [vocab, n_init]: row t = blocks.input.w[:, t, 0, 0]
    private final INDArray inputBias; // [n_init]
    private final ResidualBlock[][] groups;
    private final Conv2dLayer output;

    /** Builds the decoder from PyTorch-named weights; fails naming any tensor that does not fit {@code config}. */
    public DvaeDecoder(Config config, Map<String, INDArray> stateDict) {
        this(config, stateDict, DvaeVariant.REFERENCE);
    }

    DvaeDecoder(Config config, Map<String, INDArray> stateDict, DvaeVariant variant) {
        StateDicts.check(stateDict, config.stateDictShapes(), "decoder state dict", "for " + config);
        this.config = config;
        INDArray w = stateDict.get("blocks.input.w").castTo(DataType.FLOAT);
        this.embedding = w.reshape('c', new long[] {config.nInit(), config.vocabSize()}).transpose().dup('c');
        this.inputBias = variant == DvaeVariant.GATHER_WITHOUT_BIAS
                ? Nd4j.zeros(DataType.FLOAT, 1, config.nInit())
                : stateDict.get("blocks.input.b").castTo(DataType.FLOAT).reshape(1, config.nInit()).dup();
        this.groups = new ResidualBlock[Config.GROUP_COUNT][config.nBlkPerGroup()];
        for (int g = 1; g <= Config.GROUP_COUNT; g++) {
            for (int i = 1; i <= config.nBlkPerGroup(); i++) {
                groups[g - 1][i - 1] = new ResidualBlock(stateDict, DvaeEncoder.blockPrefix(g, i),
                        config.blockIn(g, i), config.groupOut(g), config.nLayers(), variant);
            }
        }
        this.output = new Conv2dLayer(stateDict, "blocks.output.conv", variant);
    }

    public Config config() {
        return config;
    }

    /**
     * The decoded RGB image {@code [n, 3, 8h, 8w]} in 0..1: {@code unmap_pixels(sigmoid(x[:, :3]))} of the raw output
     * (channels 0..2 are logit-space means; the log-scales 3..5 are not used).
     */
    public INDArray rgb(INDArray tokens) {
        INDArray out = output(tokens);
        INDArray means = out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3), NDArrayIndex.all(),
                NDArrayIndex.all());
        INDArray rgb = PixelMapping.unmap(Transforms.sigmoid(means, true));
        out.close();
        return rgb;
    }

    /** Raw output {@code [n, 2·outputChannels, 8h, 8w]} (NCHW float) for integer token ids {@code [n, h, w]}. */
    public INDArray output(INDArray tokens) {
        INDArray nhwc = forward(tokens, null);
        INDArray nchw = nhwc.permute(0, 3, 1, 2).dup('c');
        NhwcOps.release(nhwc);
        return nchw;
    }

    /** The forward pass returning NHWC; {@code probe} as in {@link DvaeEncoder#forward}. */
    INDArray forward(INDArray tokens, BiConsumer<String, INDArray> probe) {
        INDArray h = embed(tokens);
        DvaeEncoder.show(probe, "blocks.input", h);
        for (int g = 0; g < groups.length; g++) {
            for (ResidualBlock block : groups[g]) {
                INDArray next = block.apply(h);
                NhwcOps.release(h);
                h = next;
            }
            if (g < groups.length - 1) {
                INDArray up = NhwcOps.upsample2(h);
                NhwcOps.release(h);
                h = up;
            }
            DvaeEncoder.show(probe, "blocks.group_" + (g + 1), h);
        }
        INDArray out = output.apply(NhwcOps.reluInPlace(h));
        NhwcOps.release(h);
        DvaeEncoder.show(probe, "blocks.output", out);
        return out;
    }

    /**
     * The reference's {@code blocks.input} conv on {@code one_hot(tokens)}: each output pixel is one weight column
     * plus the bias. As a gather it is exact (the one-hot sum adds only zeros) and vocab-times cheaper.
     */
    INDArray embed(INDArray tokens) {
        if (tokens.rank() != 3 || tokens.length() == 0) {
            throw new IllegalArgumentException("tokens must be [n, h, w], got " + Arrays.toString(tokens.shape()));
        }
        if (!tokens.dataType().isIntType()) {
            throw new IllegalArgumentException("tokens must be an integer array, got " + tokens.dataType());
        }
        int[] ids = tokens.castTo(DataType.INT).dup('c').reshape(new long[] {tokens.length()}).toIntVector();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("token " + ids[i] + " at flat index " + i
                        + " is outside the vocabulary [0, " + config.vocabSize() + ")");
            }
        }
        INDArray rows = Nd4j.pullRows(embedding, 1, ids); // [n·h·w, n_init]
        rows.addiRowVector(inputBias);
        return rows.reshape('c', new long[] {tokens.size(0), tokens.size(1), tokens.size(2), config.nInit()});
    }
}
