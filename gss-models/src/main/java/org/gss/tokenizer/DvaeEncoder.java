package org.gss.tokenizer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DALL-E dVAE encoder ({@code dall_e/encoder.py}), float32 on ND4J: input 7×7 conv, four groups of
 * pre-activation residual blocks with a 2×2 max-pool after groups 1..3, then relu → 1×1 conv to the vocabulary.
 * Computes in NHWC internally; takes and returns NCHW like the reference. Immutable and thread-safe.
 */
public final class DvaeEncoder {
    /** Shape parameters of {@code Encoder(n_hid, n_blk_per_group, input_channels, vocab_size)}. */
    public record Config(int nHid, int nBlkPerGroup, int inputChannels, int vocabSize) {
        /** Fixed in the reference (a class attribute, not a constructor argument). */
        public static final int GROUP_COUNT = 4;

        public Config {
            if (nHid < 1 || nBlkPerGroup < 1 || inputChannels < 1 || vocabSize < 1) {
                throw new IllegalArgumentException("encoder config values must be positive: " + this);
            }
        }

        /** The released DALL-E encoder's defaults. */
        public static Config dallE() {
            return new Config(256, 2, 3, 8192);
        }

        /** Total number of residual blocks; post_gain is 1/nLayers². */
        public int nLayers() {
            return GROUP_COUNT * nBlkPerGroup;
        }

        /** Every state_dict key this configuration has, with its shape, in the reference's registration order. */
        public Map<String, long[]> stateDictShapes() {
            Map<String, long[]> s = new LinkedHashMap<>();
            s.put("blocks.input.w", new long[] {nHid, inputChannels, 7, 7});
            s.put("blocks.input.b", new long[] {nHid});
            for (int g = 1; g <= GROUP_COUNT; g++) {
                for (int i = 1; i <= nBlkPerGroup; i++) {
                    ResidualBlock.addShapes(s, blockPrefix(g, i), blockIn(g, i), groupOut(g),
                            ResidualBlock.ENCODER_KERNELS);
                }
            }
            s.put("blocks.output.conv.w", new long[] {vocabSize, 8L * nHid, 1, 1});
            s.put("blocks.output.conv.b", new long[] {vocabSize});
            return s;
        }

        long groupOut(int g) {
            return (long) nHid << (g - 1); // n, 2n, 4n, 8n
        }

        long blockIn(int g, int i) {
            return i > 1 ? groupOut(g) : g == 1 ? nHid : groupOut(g - 1);
        }
    }

    private final Config config;
    private final Conv2dLayer input;
    private final ResidualBlock[][] groups;
    private final Conv2dLayer output;
    private final boolean avgPool;

    /** Builds the encoder from PyTorch-named weights; fails naming any tensor that does not fit {@code config}. */
    public DvaeEncoder(Config config, Map<String, INDArray> stateDict) {
        this(config, stateDict, DvaeVariant.REFERENCE);
    }

    DvaeEncoder(Config config, Map<String, INDArray> stateDict, DvaeVariant variant) {
        StateDicts.check(stateDict, config.stateDictShapes(), "encoder state dict", "for " + config);
        this.config = config;
        this.input = new Conv2dLayer(stateDict, "blocks.input", variant);
        this.groups = new ResidualBlock[Config.GROUP_COUNT][config.nBlkPerGroup()];
        for (int g = 1; g <= Config.GROUP_COUNT; g++) {
            for (int i = 1; i <= config.nBlkPerGroup(); i++) {
                groups[g - 1][i - 1] = new ResidualBlock(stateDict, blockPrefix(g, i), config.blockIn(g, i),
                        config.groupOut(g), config.nLayers(), variant);
            }
        }
        this.output = new Conv2dLayer(stateDict, "blocks.output.conv", variant);
        this.avgPool = variant == DvaeVariant.AVG_POOL;
    }

    public Config config() {
        return config;
    }

    /**
     * Logits {@code [n, vocab, H/8, W/8]} (NCHW float) for an input that is already {@code map_pixels}-ed,
     * {@code [n, inputChannels, H, W]} float NCHW. Sizes that are not multiples of 8 are floored as in the reference.
     */
    public INDArray logits(INDArray xNchw) {
        INDArray nhwc = forward(toNhwc(xNchw), null);
        INDArray nchw = nhwc.permute(0, 3, 1, 2).dup('c');
        NhwcOps.release(nhwc);
        return nchw;
    }

    /** Token ids {@code [n, H/8, W/8]} (INT32): argmax of the logits over the vocabulary. */
    public INDArray tokens(INDArray xNchw) {
        INDArray nhwc = forward(toNhwc(xNchw), null);
        INDArray ids = Nd4j.argMax(nhwc, 3).castTo(DataType.INT);
        NhwcOps.release(nhwc);
        return ids;
    }

    /**
     * The forward pass on NHWC input, which it consumes (releases). {@code probe}, if not null, is shown each
     * top-level stage's output as an NCHW view named like the reference's {@code blocks.*} modules; the view is
     * only valid during the call.
     */
    INDArray forward(INDArray xNhwc, BiConsumer<String, INDArray> probe) {
        INDArray h = input.apply(xNhwc);
        NhwcOps.release(xNhwc);
        show(probe, "blocks.input", h);
        for (int g = 0; g < groups.length; g++) {
            for (ResidualBlock block : groups[g]) {
                INDArray next = block.apply(h);
                NhwcOps.release(h);
                h = next;
            }
            if (g < groups.length - 1) {
                INDArray pooled = NhwcOps.pool2(h, avgPool);
                NhwcOps.release(h);
                h = pooled;
            }
            show(probe, "blocks.group_" + (g + 1), h);
        }
        INDArray out = output.apply(NhwcOps.reluInPlace(h));
        NhwcOps.release(h);
        show(probe, "blocks.output", out);
        return out;
    }

    /** Checks an NCHW input and returns a fresh C-ordered NHWC float copy. */
    INDArray toNhwc(INDArray xNchw) {
        if (xNchw.rank() != 4 || xNchw.size(1) != config.inputChannels()) {
            throw new IllegalArgumentException("encoder input must be [n, " + config.inputChannels()
                    + ", H, W], got " + Arrays.toString(xNchw.shape()));
        }
        if (xNchw.size(2) < 8 || xNchw.size(3) < 8) {
            throw new IllegalArgumentException("encoder input must be at least 8×8, got "
                    + Arrays.toString(xNchw.shape()));
        }
        return xNchw.castTo(DataType.FLOAT).permute(0, 2, 3, 1).dup('c');
    }

    static void show(BiConsumer<String, INDArray> probe, String stage, INDArray nhwc) {
        if (probe != null) {
            probe.accept(stage, nhwc.permute(0, 3, 1, 2));
        }
    }

    static String blockPrefix(int g, int i) {
        return "blocks.group_" + g + ".block_" + i;
    }
}
