package org.gss.model;

import org.gss.data.view.TokenGrid;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One Stage II training batch and its conversion to the {@code MultiDataSet} that
 * {@link GssEncoderModel}'s graph trains on.
 *
 * @param images      [mb,3,H,W] normalised images (H, W multiples of 8)
 * @param tokens      [mb,H/8,W/8] token ids in [0, V) of the (pseudo-label-filled) ground truth
 * @param coverage    [mb,H/8,W/8] labelled share of each token's 8×8 patch: {@link #ALL_LABELED},
 *                    {@link #PARTLY_LABELED} or {@link #ALL_UNLABELED}
 * @param pixelLabels [mb,H,W] class ids in [0, K) or {@link #IGNORE}
 */
public record EncoderBatch(INDArray images, INDArray tokens, INDArray coverage, INDArray pixelLabels) {

    public static final int ALL_LABELED = 0;
    public static final int PARTLY_LABELED = 1;
    public static final int ALL_UNLABELED = 2;
    public static final int IGNORE = 255;

    public EncoderBatch {
        long[] s = images.shape();
        TokenGrid g = TokenGrid.DEFAULT;
        if (images.rank() != 4 || s[1] != 3 || !g.aligned((int) s[2]) || !g.aligned((int) s[3])) {
            throw new IllegalArgumentException("images must be [mb,3,H,W] with H, W multiples of " + g.size()
                    + ", got " + Arrays.toString(s));
        }
        long[] grid = {s[0], g.cells((int) s[2]), g.cells((int) s[3])};
        requireShape("tokens", tokens, grid);
        requireShape("coverage", coverage, grid);
        requireShape("pixelLabels", pixelLabels, new long[] {s[0], s[2], s[3]});
    }

    private static void requireShape(String what, INDArray a, long[] shape) {
        if (!Arrays.equals(a.shape(), shape)) {
            throw new IllegalArgumentException(what + " must have shape " + Arrays.toString(shape) + ", got "
                    + Arrays.toString(a.shape()));
        }
    }

    /**
     * Features {@code [images]}; labels {@code [tokens [mb,1,h,w], pixels [mb,1,H,W]]} as numbers in the
     * images' data type; label masks of the same shapes. Token positions whose patch is entirely
     * unlabelled and ignore pixels get mask 0 (and label 0); all others get mb/nValid, so that
     * DL4J's score (masked sum / mb) is the mean over valid positions of the batch, as PyTorch's
     * cross-entropy with an ignore index.
     *
     * @throws IllegalArgumentException if a used token is outside [0, vocab) or a used pixel label
     *                                  outside [0, numClasses), or a coverage value is unknown
     */
    public MultiDataSet toMultiDataSet(int vocab, int numClasses) {
        return withTargets(new INDArray[] {images}, tokens, coverage, pixelLabels, vocab, numClasses);
    }

    /**
     * As {@link #toMultiDataSet} for any features and any token grid: {@code tokens} and {@code coverage}
     * [mb,h,w], {@code pixelLabels} [mb,H,W] (the auxiliary head's output size); labels and masks in the
     * first feature's data type.
     */
    public static MultiDataSet withTargets(INDArray[] features, INDArray tokens, INDArray coverage,
            INDArray pixelLabels, int vocab, int numClasses) {
        DataType dt = features[0].dataType();
        long mb = features[0].size(0);

        INDArray cov = coverage.castTo(DataType.DOUBLE);
        if (cov.minNumber().doubleValue() < ALL_LABELED || cov.maxNumber().doubleValue() > ALL_UNLABELED) {
            throw new IllegalArgumentException("coverage values must be 0, 1 or 2");
        }
        INDArray tokenValid = cov.neq(ALL_UNLABELED).castTo(dt);
        INDArray tokenLabels = tokens.castTo(dt).muli(tokenValid);
        checkRange("token id", tokenLabels, vocab);

        INDArray pix = pixelLabels.castTo(dt);
        INDArray pixelValid = pix.neq(IGNORE).castTo(dt);
        INDArray pixelLabelsOut = pix.muli(pixelValid);
        checkRange("pixel class", pixelLabelsOut, numClasses);

        INDArray tokenMask = meanMask(tokenValid, mb);
        INDArray pixelMask = meanMask(pixelValid, mb);
        return new org.nd4j.linalg.dataset.MultiDataSet(features,
                new INDArray[] {withChannel(tokenLabels), withChannel(pixelLabelsOut)}, null,
                new INDArray[] {withChannel(tokenMask), withChannel(pixelMask)});
    }

    private static void checkRange(String what, INDArray labels, int limit) {
        double min = labels.minNumber().doubleValue();
        double max = labels.maxNumber().doubleValue();
        if (min < 0 || max >= limit) {
            throw new IllegalArgumentException(what + " out of range [0, " + limit + "): found values in ["
                    + (long) min + ", " + (long) max + "]");
        }
    }

    private static INDArray meanMask(INDArray valid, long mb) {
        double n = valid.sumNumber().doubleValue();
        return n > 0 ? valid.mul(mb / n) : valid.dup();
    }

    private static INDArray withChannel(INDArray a) {
        return a.reshape(a.size(0), 1, a.size(1), a.size(2));
    }
}
