package org.gss.data.layout;

import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.label.LabelMapping;

/**
 * Reads one on-disk dataset layout as it is published (Cityscapes, ADE20K, MSeg, mmseg "custom"), on any Hadoop file
 * system. Listing pairs every image with its label file; decoding turns the raw label PNG into the training label map.
 * Implementations are immutable and serializable (a Spark closure may carry one to decode labels on executors);
 * create them with {@link DatasetLayouts#forName}.
 */
public interface DatasetLayout extends Serializable {
    /** The layout's name, as {@link DatasetLayouts#forName} knows it. */
    String name();

    /**
     * The samples of {@code split} under {@code rootUri}, sorted by (dataset, id). An image without a readable label
     * file is a {@link org.gss.data.image.BadInputException} naming the image under {@link BadInputPolicy#FAIL}, or a
     * {@link Skipped} entry under {@link BadInputPolicy#SKIP}. A split with no samples at all is always an error.
     */
    SampleListing list(String rootUri, String split, Configuration conf, BadInputPolicy policy);

    /** {@link #list} with {@link BadInputPolicy#FAIL}. */
    default List<SampleRef> samples(String rootUri, String split, Configuration conf) {
        return list(rootUri, split, conf, BadInputPolicy.FAIL).samples();
    }

    /** Raw label ids of {@code dataset}'s files → training ids (what {@link #trainingLabels} applies). */
    LabelMapping labelMapping(String dataset);

    /** Decodes raw label bytes and maps them; errors name the sample's label file. */
    default LabelMap trainingLabels(SampleRef sample, byte[] labelBytes) {
        LabelMap raw = ImageCodec.decodeLabel(labelBytes, sample.labelUri());
        return labelMapping(sample.dataset()).apply(raw, sample.labelUri());
    }

    /** Reads and maps a sample's label file. */
    default LabelMap readTrainingLabels(SampleRef sample, Configuration conf) {
        return trainingLabels(sample, HadoopFiles.readAllBytes(sample.labelUri(), conf));
    }

    /** Reads and decodes a sample's image. */
    default RgbImage readImage(SampleRef sample, Configuration conf) {
        return ImageCodec.decodeRgb(HadoopFiles.readAllBytes(sample.imageUri(), conf), sample.imageUri());
    }
}
