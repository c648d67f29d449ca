package org.gss.data.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;

/**
 * Writes a synthetic dataset in the exact on-disk layout of the real one, so the real readers read it unchanged:
 * <ul>
 * <li>cityscapes: {@code leftImg8bit/<split>/<city>/<city>_<seq>_<frame>_leftImg8bit.png},
 * {@code gtFine/<split>/<city>/<stem>_gtFine_labelIds.png} (label ids 0..33, 0 = unlabeled) and
 * {@code <stem>_gtFine_labelTrainIds.png} (trainIds, 255 = unlabeled);</li>
 * <li>ade20k: {@code ADEChallengeData2016/{images,annotations}/{training,validation}/ADE_{train,val}_<n:08d>.{jpg,png}},
 * annotations raw (0 = unlabeled, 1..K);</li>
 * <li>mseg: {@code <domain>/{images,labels}/<split>/<id>.{jpg,png}} with labels 0..K-1 and 255, plus
 * {@code dataset_lists/<domain>/list/<split>.txt} (one "image label" line per sample, relative to the domain) and
 * {@code dataset_lists/<domain>/<domain>_names.txt} (the shared synthetic taxonomy, line i = class i).</li>
 * </ul>
 * Files are written through a temporary sibling and an atomic rename, so a reader never sees half a file; a file that
 * already holds the same bytes is left untouched (its timestamp too), which keeps incremental rebuilds cheap.
 */
public final class SyntheticDatasetWriter {
    private static final List<String> TRAIN_CITIES = List.of("aachen", "bremen");
    private static final List<String> VAL_CITIES = List.of("frankfurt", "munster");
    /** Cityscapes frames are the 20th frame of each 30-frame snippet. */
    private static final int CITYSCAPES_FRAME = 19;

    private final Path root;
    private int written;
    private int unchanged;
    private long bytes;

    private SyntheticDatasetWriter(Path root) {
        this.root = root;
    }

    /** Writes the dataset described by {@code spec} under {@code root} (created if missing). */
    public static SynthSummary write(SynthSpec spec, Path root) throws IOException {
        SyntheticDatasetWriter w = new SyntheticDatasetWriter(root);
        List<SynthSample> samples = new ArrayList<>();
        Map<String, Integer> perSplit = new LinkedHashMap<>();
        List<String> domains = spec.domainsOrSingle();
        for (int d = 0; d < domains.size(); d++) {
            for (SynthSplit split : SynthSplit.values()) {
                List<SynthSample> listed = new ArrayList<>();
                for (int i = 0; i < spec.count(split); i++) {
                    SyntheticScene.Sample sample = render(spec, d, split, i);
                    SynthSample written = switch (spec.layout()) {
                        case CITYSCAPES -> w.writeCityscapes(split, i, sample);
                        case ADE20K -> w.writeAde(split, i, sample);
                        case MSEG -> w.writeMseg(spec, domains.get(d), split, i, sample);
                    };
                    listed.add(written);
                }
                if (spec.layout() == SynthLayout.MSEG) {
                    w.writeMsegList(domains.get(d), split, listed);
                }
                samples.addAll(listed);
                perSplit.merge(split.id(), listed.size(), Integer::sum);
            }
            if (spec.layout() == SynthLayout.MSEG) {
                w.writeMsegNames(domains.get(d), spec.roles().names());
            }
        }
        return new SynthSummary(spec.layout(), root, w.written, w.unchanged, w.bytes, perSplit, samples);
    }

    /**
     * The in-memory content of one sample of the dataset (labels in training ids 0..K-1, 255), exactly what
     * {@link #write} encodes for (domain index, split, index).
     */
    public static SyntheticScene.Sample render(SynthSpec spec, int domainIndex, SynthSplit split, int index) {
        if (domainIndex < 0 || domainIndex >= spec.domainsOrSingle().size()) {
            throw new IllegalArgumentException("domain index " + domainIndex + " out of range for " + spec.domains());
        }
        return SyntheticScene.render(spec.sceneSettings(domainIndex), spec.sampleSeed(domainIndex, split, index));
    }

    /** Relative path of the Cityscapes image of (split, index); the city alternates, the sequence number counts up. */
    static String cityscapesStem(SynthSplit split, int index) {
        List<String> cities = split == SynthSplit.TRAIN ? TRAIN_CITIES : VAL_CITIES;
        String city = cities.get(index % cities.size());
        return String.format("%s_%06d_%06d", city, index / cities.size(), CITYSCAPES_FRAME);
    }

    private SynthSample writeCityscapes(SynthSplit split, int index, SyntheticScene.Sample sample) throws IOException {
        String stem = cityscapesStem(split, index);
        String city = stem.substring(0, stem.indexOf('_'));
        String dir = split.id() + "/" + city + "/";
        String image = "leftImg8bit/" + dir + stem + "_leftImg8bit.png";
        String labelIds = "gtFine/" + dir + stem + "_gtFine_labelIds.png";
        String trainIds = "gtFine/" + dir + stem + "_gtFine_labelTrainIds.png";
        LabelMap train = sample.labels();
        byte[] ids = new byte[train.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (byte) CityscapesIds.labelId(train.at(i));
        }
        put(image, ImageFormat.PNG.encode(sample.image()));
        put(labelIds, ImageCodec.encodeLabelPng(new LabelMap(train.width(), train.height(), ids)));
        put(trainIds, ImageCodec.encodeLabelPng(train));
        return new SynthSample("", split, index, stem, image, labelIds);
    }

    private SynthSample writeAde(SynthSplit split, int index, SyntheticScene.Sample sample) throws IOException {
        String folder = split == SynthSplit.TRAIN ? "training" : "validation";
        // ADE20K numbers its files from 1
        String stem = String.format("ADE_%s_%08d", split.id(), index + 1);
        String image = "ADEChallengeData2016/images/" + folder + "/" + stem + ".jpg";
        String label = "ADEChallengeData2016/annotations/" + folder + "/" + stem + ".png";
        LabelMap train = sample.labels();
        byte[] raw = new byte[train.size()];
        for (int i = 0; i < raw.length; i++) {
            int t = train.at(i);
            raw[i] = (byte) (t == LabelMap.IGNORE ? 0 : t + 1);
        }
        put(image, ImageFormat.JPEG.encode(sample.image()));
        put(label, ImageCodec.encodeLabelPng(new LabelMap(train.width(), train.height(), raw)));
        return new SynthSample("", split, index, stem, image, label);
    }

    private SynthSample writeMseg(SynthSpec spec, String domain, SynthSplit split, int index,
            SyntheticScene.Sample sample) throws IOException {
        String id = String.format("%06d", index);
        String image = "images/" + split.id() + "/" + id + "." + spec.imageFormat().extension();
        String label = "labels/" + split.id() + "/" + id + ".png";
        put(domain + "/" + image, spec.imageFormat().encode(sample.image()));
        put(domain + "/" + label, ImageCodec.encodeLabelPng(sample.labels()));
        return new SynthSample(domain, split, index, id, domain + "/" + image, domain + "/" + label);
    }

    private void writeMsegList(String domain, SynthSplit split, List<SynthSample> samples) throws IOException {
        StringBuilder sb = new StringBuilder();
        String prefix = domain + "/";
        for (SynthSample s : samples) {
            sb.append(s.imagePath().substring(prefix.length())).append(' ')
                    .append(s.labelPath().substring(prefix.length())).append('\n');
        }
        put("dataset_lists/" + domain + "/list/" + split.id() + ".txt", sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** mseg-api keeps {@code dataset_lists/<ds>/<ds>_names.txt} (line i = id i); all synthetic domains share it. */
    private void writeMsegNames(String domain, List<String> names) throws IOException {
        put("dataset_lists/" + domain + "/" + domain + "_names.txt",
                (String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void put(String relative, byte[] content) throws IOException {
        Path target = root.resolve(relative);
        bytes += content.length;
        if (Files.isRegularFile(target) && Files.size(target) == content.length
                && Arrays.equals(Files.readAllBytes(target), content)) {
            unchanged++;
            return;
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        written++;
    }
}
