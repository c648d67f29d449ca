/**
 * The token cache's library side, free of Spark so it can be tested alone: what one cached entry is
 * ({@link org.gss.tokenizer.cache.CacheEntry}: the token map and per-token label coverage of one sample under one
 * augmentation view, with a checksum), how entries and versions are keyed ({@link org.gss.tokenizer.cache.CacheKeys},
 * {@link org.gss.tokenizer.cache.EntryKey}, {@link org.gss.tokenizer.cache.CacheVersion}), how a sample is encoded
 * ({@link org.gss.tokenizer.cache.SampleEncoder}) and how unlabeled pixels may be filled before encoding
 * ({@link org.gss.tokenizer.cache.PseudoLabeler}: the nearest labeled pixel, or a Stage II checkpoint's auxiliary
 * head, {@code org.gss.model.fill.AuxHeadFill}). The Spark jobs in {@code org.gss.jobs.cache} store entries as
 * Parquet segments and wire these pieces; {@code docs/token-cache.md} describes the storage layout.
 */
package org.gss.tokenizer.cache;
