/**
 * Stage I of GSS: the maskige tokenizer.
 *
 * <p>{@link org.gss.tokenizer.Tokenizer} is the interface the rest of the system uses;
 * {@link org.gss.tokenizer.DalleDvae} implements it with a float32 ND4J port of the DALL-E discrete VAE
 * ({@link org.gss.tokenizer.DvaeEncoder}, {@link org.gss.tokenizer.DvaeDecoder}), whose weights come from
 * {@code .npz} files keyed by the PyTorch state_dict names ({@link org.gss.tokenizer.DvaeWeights},
 * {@link org.gss.io.NumpyArrays}; see {@code tools/dvae_pkl_to_npz.py}). The port matches the reference
 * outputs in {@code testdata/dvae-golden} to its stated tolerance, with identical tokens.
 *
 * <p>Speed on CPU: the convs run as ND4J's conv2d op in NHWC with [kh, kw, in, out] weights, which the oneDNN build
 * of nd4j-native executes without activation reorders (about 1.5× faster than NCHW here). On machines shared with
 * other busy processes (or several ND4J tasks per executor) set {@code OMP_WAIT_POLICY=PASSIVE} or fit
 * {@code OMP_NUM_THREADS} to the free cores: OpenMP's default spin-waiting then made encodes up to 10× slower.
 */
package org.gss.tokenizer;
