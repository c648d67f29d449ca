package org.gss.tokenizer;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reference EncoderBlock / DecoderBlock: {@code y = id_path(x) + post_gain · res_path(x)} with
 * {@code res_path = (relu → conv) × 4}. Pre-activation: the identity path sees the raw x, and nothing follows
 * the sum.
 * Encoder kernels are 3,3,3,1; decoder kernels 1,3,3,3.
 */
final class ResidualBlock {
    static final int[] ENCODER_KERNELS = {3, 3, 3, 1};
    static final int[] DECODER_KERNELS = {1, 3, 3, 3};

    private final Conv2dLayer idPath; // null: identity (n_in == n_out, no parameters)
    private final Conv2dLayer[] resPath;
    private final float postGain;
    private final boolean idPathAfterRelu;

    ResidualBlock(Map<String, INDArray> stateDict, String prefix, long nIn, long nOut, int nLayers,
                  DvaeVariant variant) {
        this.idPath = nIn != nOut ? new Conv2dLayer(stateDict, prefix + ".id_path", variant) : null;
        this.resPath = new Conv2dLayer[4];
        for (int i = 0; i < 4; i++) {
            resPath[i] = new Conv2dLayer(stateDict, prefix + ".res_path.conv_" + (i + 1), variant);
        }
        // float32(1/n²), as torch multiplies a float32 tensor by the Python float post_gain.
        this.postGain = variant == DvaeVariant.POST_GAIN_NOT_SQUARED
                ? (float) (1.0 / nLayers)
                : (float) (1.0 / ((double) nLayers * nLayers));
        this.idPathAfterRelu = variant == DvaeVariant.ID_PATH_AFTER_RELU;
    }

    /** Expected state_dict shapes of one block under {@code prefix}, OIHW, added to {@code out}. */
    static void addShapes(Map<String, long[]> out, String prefix, long nIn, long nOut, int[] kernels) {
        if (nOut % 4 != 0) {
            throw new IllegalArgumentException(prefix + ": n_out " + nOut + " is not divisible by 4");
        }
        long nHid = nOut / 4;
        if (nIn != nOut) {
            out.put(prefix + ".id_path.w", new long[] {nOut, nIn, 1, 1});
            out.put(prefix + ".id_path.b", new long[] {nOut});
        }
        long[] ins = {nIn, nHid, nHid, nHid};
        long[] outs = {nHid, nHid, nHid, nOut};
        for (int i = 0; i < 4; i++) {
            String c = prefix + ".res_path.conv_" + (i + 1);
            out.put(c + ".w", new long[] {outs[i], ins[i], kernels[i], kernels[i]});
            out.put(c + ".b", new long[] {outs[i]});
        }
    }

    /** Applies the block to an NHWC array; returns a new array and leaves x untouched. */
    INDArray apply(INDArray x) {
        // relu(x) must be a copy (the identity path needs the raw x); later ReLUs run in place on conv outputs
        // that nothing else reads, which saves an allocation and a pass over memory per conv.
        INDArray reluX = NhwcOps.relu(x);
        INDArray h = resPath[0].apply(reluX);
        if (!idPathAfterRelu) {
            NhwcOps.release(reluX); // the block's largest temporary, and only conv_1 reads it
            reluX = null;
        }
        for (int i = 1; i < resPath.length; i++) {
            INDArray next = resPath[i].apply(NhwcOps.reluInPlace(h));
            NhwcOps.release(h);
            h = next;
        }
        h.muli(postGain);
        INDArray idIn = idPathAfterRelu ? reluX : x;
        if (idPath != null) {
            INDArray id = idPath.apply(idIn);
            h.addi(id);
            NhwcOps.release(id);
        } else {
            h.addi(idIn);
        }
        NhwcOps.release(reluX);
        return h;
    }
}
