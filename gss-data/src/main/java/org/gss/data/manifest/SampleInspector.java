package org.gss.data.manifest;

import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.layout.SampleRef;

/**
 * Reads one sample's files fully and checks them before they enter a manifest: both files decode, the label has the
 * image's size, and every label id is in the dataset's table. Returns the manifest row with content hashes. Any
 * problem is a {@link BadInputException} naming the file.
 */
public final class SampleInspector {
    private final DatasetLayout layout;

    public SampleInspector(DatasetLayout layout) {
        this.layout = layout;
    }

    public ManifestEntry inspect(SampleRef ref, int shard, Configuration conf) {
        byte[] image = HadoopFiles.readAllBytes(ref.imageUri(), conf);
        byte[] label = HadoopFiles.readAllBytes(ref.labelUri(), conf);
        return inspect(ref, shard, image, label);
    }

    public ManifestEntry inspect(SampleRef ref, int shard, byte[] image, byte[] label) {
        // decode fully (not just the header): a truncated file must be caught here, not in training
        int[] size = ImageCodec.size(image, ref.imageUri());
        ImageCodec.decodeRgb(image, ref.imageUri());
        LabelMap labels = layout.trainingLabels(ref, label);
        if (labels.width() != size[0] || labels.height() != size[1]) {
            throw new BadInputException(ref.labelUri(), "label is " + labels.width() + "x" + labels.height()
                    + " but its image " + ref.imageUri() + " is " + size[0] + "x" + size[1]);
        }
        return new ManifestEntry(ref.dataset(), ref.split(), ref.id(), ref.imageUri(), ref.labelUri(), size[0], size[1],
                sha256(image), sha256(label), shard);
    }

    public static String sha256(byte[] bytes) {
        return org.gss.config.GssConfig.sha256Bytes(bytes);
    }
}
