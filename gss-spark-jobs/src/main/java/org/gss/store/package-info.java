/**
 * What the stages leave for each other, on any Hadoop file system: sample manifests ({@link
 * org.gss.store.ManifestStore}), Stage II checkpoints with the run and decoding identity they are checked against
 * ({@link org.gss.store.Checkpoints}), the token cache's versions, segments, lock and reader ({@link
 * org.gss.store.TokenCacheReader}, {@link org.gss.store.CachePaths}), atomic publishing of output folders ({@link
 * org.gss.store.AtomicDirectory}) and the start-of-job check that an output can be written ({@link
 * org.gss.store.OutputRoots}). The stage packages ({@code org.gss.jobs.index, tokenizer, cache, train, eval,
 * reconstruct}) use this layer and the model/data modules, never each other; the store uses no stage, command or
 * report class ({@code PackageRulesTest}).
 */
package org.gss.store;
