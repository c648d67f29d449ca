package org.gss.data.augment;

/**
 * One training crop, ready for a minibatch: the normalised image (planar CHW floats), its pixel labels (training ids,
 * 255 = unlabeled), and the target tokens with their coverage codes on the crop's token grid.
 *
 * @param tokens   row-major {@code (h/8) × (w/8)} token ids (0 where coverage is unlabeled padding)
 * @param coverage {@link org.gss.data.view.TokenCoverage} codes per token
 */
public record TrainingSample(int width, int height, float[] image, byte[] labels, int[] tokens, byte[] coverage) {
}
