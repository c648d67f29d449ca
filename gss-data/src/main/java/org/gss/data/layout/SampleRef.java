package org.gss.data.layout;

import java.io.Serializable;
import java.util.Objects;

/**
 * One image/label pair of a dataset split, as a layout lists it. {@code dataset} names the taxonomy the label file is
 * written in (e.g. {@code cityscapes}, {@code ade20k}, {@code sunrgbd-37-relabeled}); {@code id} is unique within
 * (dataset, split) and is the image's path relative to the layout's image folder, without prefix and suffix (e.g.
 * {@code frankfurt/frankfurt_000000_000294}). URIs are fully qualified ({@code file:/…}, {@code hdfs://…}).
 */
public record SampleRef(String dataset, String split, String id, String imageUri, String labelUri)
        implements Serializable {
    public SampleRef {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(imageUri, "imageUri");
        Objects.requireNonNull(labelUri, "labelUri");
    }
}
