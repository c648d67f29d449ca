/**
 * The project's own maskige tokenizer (used when no pretrained DALL-E dVAE is given): a VQ-VAE of the dVAE family.
 *
 * <p>{@link org.gss.tokenizer.vq.VqTrainer#train} trains it on label maps (a SameDiff graph built once: straight-through
 * vector quantisation, EMA codebook with dead-code restarts, reconstruction MSE plus a cross-entropy over palette-colour
 * distances); {@link org.gss.tokenizer.vq.VqTokenizer} is the trained {@link org.gss.tokenizer.Tokenizer}, run on the
 * eager dVAE port and saved as one npz file ({@link org.gss.io.NpzCheckpoint});
 * {@link org.gss.tokenizer.vq.MaskigeReconstruction} scores Stage I alone. Design notes and measured figures:
 * {@code docs/stage1.md}.
 */
package org.gss.tokenizer.vq;
