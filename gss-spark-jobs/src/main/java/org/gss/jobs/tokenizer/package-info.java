/**
 * Stage I on Spark: {@code gss tokenizer train} trains the own VQ tokenizer and the FT inverse on the indexed train
 * split.
 */
package org.gss.jobs.tokenizer;
