/**
 * Pseudo labels for the unlabeled pixels of a label map before it is encoded (paper §3.4):
 * {@link org.gss.model.fill.AuxHeadFill} runs a Stage II checkpoint's auxiliary head, and
 * {@link org.gss.model.fill.PseudoLabelers} opens the fill a {@code --pseudo-labels} spec or a cache key names. The
 * fill interface and the model-free nearest-pixel fill live with the token cache ({@code org.gss.tokenizer.cache}),
 * which must not depend on the model.
 */
package org.gss.model.fill;
