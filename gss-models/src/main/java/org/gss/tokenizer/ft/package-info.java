/**
 * Training GSS-FT's inverse ({@link org.gss.maskige.FtInverse}) on a tokenizer's decoded maskiges: part of Stage I
 * (gss tokenizer train), after the tokenizer whose colour errors it learns. Kept apart from {@code org.gss.maskige} so
 * that the maskige package (palettes, inverses) does not depend on the tokenizers that depend on it.
 */
package org.gss.tokenizer.ft;
