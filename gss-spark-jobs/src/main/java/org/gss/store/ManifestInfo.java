package org.gss.store;

import org.gss.data.DatasetSettings;

/**
 * What a sample manifest's {@code _manifest.json} records about where its rows came from (the counts and content hash
 * are computed from the rows by {@link ManifestStore#write}).
 *
 * @param dataset    the configured dataset name
 * @param layout     the dataset layout that listed the samples
 * @param root       the dataset root the samples were read from
 * @param shardSize  samples per shard within (dataset, split)
 * @param configHash hash of the configuration that wrote the manifest
 */
public record ManifestInfo(String dataset, String layout, String root, int shardSize, String configHash) {
    /** The record of a manifest indexed from {@code ds}. */
    public static ManifestInfo of(DatasetSettings ds, int shardSize, String configHash) {
        return new ManifestInfo(ds.name(), ds.layout(), ds.root(), shardSize, configHash);
    }
}
