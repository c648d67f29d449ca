package org.gss.data.manifest;

import java.io.Serializable;
import org.gss.data.layout.SampleRef;

/**
 * One row of a sample manifest: where a sample's files are, their size and content hashes, and the shard it belongs
 * to. The manifest is the unit every later job reads (the token cache keys its entries by these hashes), so a row
 * changes exactly when a file's bytes change.
 *
 * @param shard index of the shard within (dataset, split): samples sorted by id, {@code shardSize} per shard
 */
public record ManifestEntry(String dataset, String split, String sampleId, String imageUri, String labelUri, int width,
        int height, String imageSha256, String labelSha256, int shard) implements Serializable {

    /** Parquet/Spark column names, in schema order. */
    public static final String[] COLUMNS = {"dataset", "split", "sample_id", "image_uri", "label_uri", "width", "height",
        "image_sha256", "label_sha256", "shard"};

    /** The sample as a dataset layout reads it (the files, without sizes and hashes). */
    public SampleRef ref() {
        return new SampleRef(dataset, split, sampleId, imageUri, labelUri);
    }

    /** A hash of both files' contents: the sample's identity for caches. */
    public String contentKey() {
        return imageSha256 + ":" + labelSha256;
    }
}
