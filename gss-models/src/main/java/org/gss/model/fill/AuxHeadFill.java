package org.gss.model.fill;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.config.GssConfig;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.model.GssEncoderModel;
import org.gss.model.ModelFile;
import org.gss.model.ImageInference;
import org.gss.tokenizer.cache.PseudoLabeler;

/**
 * Pseudo labels from a Stage II checkpoint (paper §3.4): every unlabeled pixel takes the auxiliary pixel head's argmax
 * class; labeled pixels are kept. The image runs through the encoder at its own resolution, the way evaluation runs it
 * ({@link ImageInference}): one pass over the image padded to the token grid ({@code whole}), or crop×crop sliding
 * windows whose votes are merged ({@code slide}, for images too large for one pass). Fully labeled maps come back as
 * they are, without a forward pass.
 *
 * <p>Serializable by its settings: the checkpoint folder, its {@code model.zip} and that file's SHA-256 (the
 * checkpoint's id), and the inference windows; all of them are in {@link #source()}, so cache keys name the
 * checkpoint. Resolving a training run folder to its latest checkpoint is the caller's business (the jobs module's
 * {@code Checkpoints}); this class only reads the file. Each JVM loads the network once per SHA-256
 * ({@link #prepare}) and checks the file still has that hash, so an executor never fills with a checkpoint that was
 * overwritten under the same path. The network is shared by the tasks of an executor and used by one at a time.
 */
public final class AuxHeadFill implements PseudoLabeler, Serializable {
    private static final long serialVersionUID = 1L;
    /** Prefix of {@link #source()}; bump when the fill's procedure changes. */
    public static final String SOURCE = "stage2-aux-head/1";
    private static final Pattern SOURCE_TEXT = Pattern.compile(Pattern.quote(SOURCE)
            + " checkpoint=(.+) sha256=([0-9a-f]{64}) inference=(whole|slide (\\d+)x\\d+ stride (\\d+))");
    private static final Map<String, ComputationGraph> NETWORKS = new ConcurrentHashMap<>();

    private final String checkpoint;
    private final String sha256;
    private final int crop;
    private final int stride;

    /**
     * @param checkpoint the checkpoint folder (holding {@code model.zip}), as it should be named in keys
     * @param sha256     SHA-256 hex of its {@code model.zip}
     * @param crop       sliding-window side in pixels, 0 for one pass over the whole image
     * @param stride     window step (ignored when {@code crop} is 0)
     */
    public AuxHeadFill(String checkpoint, String sha256, int crop, int stride) {
        if (crop < 0 || (crop > 0 && (stride < 1 || stride > crop))) {
            throw new IllegalArgumentException("pseudo-label windows: need crop 0 (whole image) or 1 <= stride <= crop,"
                    + " got crop " + crop + ", stride " + stride);
        }
        this.checkpoint = checkpoint;
        this.sha256 = sha256;
        this.crop = crop;
        this.stride = crop == 0 ? 0 : stride;
    }

    /** Hashes the checkpoint's {@code model.zip} and loads its network into this JVM (the driver's check). */
    public static AuxHeadFill open(String checkpointFolder, int crop, int stride, Configuration conf) {
        String zip = modelZip(checkpointFolder);
        byte[] bytes = HadoopFiles.readAllBytes(zip, conf);
        AuxHeadFill fill = new AuxHeadFill(checkpointFolder, GssConfig.sha256Bytes(bytes), crop, stride);
        NETWORKS.computeIfAbsent(fill.sha256, k -> ModelFile.restore(zip, bytes, false));
        return fill;
    }

    /** The fill a {@link #source()} text describes (no I/O), or empty if the text is not one. */
    public static Optional<AuxHeadFill> fromSource(String source) {
        Matcher m = SOURCE_TEXT.matcher(source);
        if (!m.matches()) {
            return Optional.empty();
        }
        int crop = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        int stride = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        return Optional.of(new AuxHeadFill(m.group(1), m.group(2), crop, stride));
    }

    public String checkpoint() {
        return checkpoint;
    }

    /** SHA-256 of the checkpoint's {@code model.zip}. */
    public String sha256() {
        return sha256;
    }

    @Override
    public String source() {
        return SOURCE + " checkpoint=" + checkpoint + " sha256=" + sha256 + " inference=" + inference();
    }

    /** {@code whole} or {@code slide CxC stride S}. */
    public String inference() {
        return crop == 0 ? "whole" : String.format(Locale.ROOT, "slide %dx%d stride %d", crop, crop, stride);
    }

    /** Loads the network into this JVM (once per SHA-256), checking the file still has the recorded hash. */
    @Override
    public void prepare(Configuration conf) {
        NETWORKS.computeIfAbsent(sha256, k -> {
            String zip = modelZip(checkpoint);
            byte[] bytes = HadoopFiles.readAllBytes(zip, conf);
            String now = GssConfig.sha256Bytes(bytes);
            if (!now.equals(sha256)) {
                throw new BadInputException(zip, "changed since it was chosen as the pseudo-label source (sha256 "
                        + sha256.substring(0, 12) + "…, now " + now.substring(0, 12) + "…)");
            }
            return ModelFile.restore(zip, bytes, false);
        });
    }

    /** K, the auxiliary head's class count (the fill's ids are 0..K-1). */
    public int classes() {
        return GssEncoderModel.pixelClasses(network());
    }

    @Override
    public LabelMap fill(RgbImage image, LabelMap labels) {
        if (labels.labeledCount() == labels.size()) {
            return labels;
        }
        if (image == null || image.width() != labels.width() || image.height() != labels.height()) {
            throw new IllegalArgumentException("the image is " + (image == null ? "missing" : image.width() + "x"
                    + image.height()) + " but its labels are " + labels.width() + "x" + labels.height());
        }
        return labels.withUnlabeledFrom(predict(image));
    }

    /** The auxiliary head's argmax class of every pixel of an image, at the image's size. */
    public LabelMap predict(RgbImage image) {
        ComputationGraph net = network();
        synchronized (net) {
            return crop == 0 ? ImageInference.whole(image, w -> ImageInference.auxClasses(net, w))
                    : ImageInference.slide(image, crop, stride, GssEncoderModel.pixelClasses(net),
                            w -> ImageInference.auxClasses(net, w));
        }
    }

    private ComputationGraph network() {
        ComputationGraph net = NETWORKS.get(sha256);
        if (net == null) {
            throw new IllegalStateException("the network of " + checkpoint + " is not loaded in this JVM: call"
                    + " prepare(conf) first");
        }
        return net;
    }

    static String modelZip(String checkpointFolder) {
        return ModelFile.in(checkpointFolder);
    }
}
