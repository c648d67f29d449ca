package org.gss.data.synth;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything that determines a synthetic dataset: the same spec always writes byte-identical files, and raising the
 * counts only adds files (each image's seed depends on (seed, domain index, split, index) alone).
 *
 * @param layout         cityscapes, ade20k or mseg
 * @param width          image width in pixels
 * @param height         image height in pixels
 * @param trainCount     images in the train split (per domain for mseg)
 * @param valCount       images in the val split (per domain for mseg)
 * @param numClasses     K training classes: cityscapes 2..19 (the first K trainIds), ade20k 2..150, mseg 2..254
 * @param unlabeledShare share of pixels labelled unlabeled, 0..0.5
 * @param seed           dataset seed
 * @param domains        mseg only: domain folder names (the i-th gets {@link DomainStyle#forIndex(int) style i});
 *                       empty for the other layouts
 * @param imageFormat    cityscapes: PNG (leftImg8bit is PNG); ade20k: JPEG; mseg: either
 * @param detailScale    width of poles and wires and size of the smallest objects, relative to detail scale 1
 *                       ({@link SceneSettings#detailScale()})
 */
public record SynthSpec(SynthLayout layout, int width, int height, int trainCount, int valCount, int numClasses,
        double unlabeledShare, long seed, List<String> domains, ImageFormat imageFormat, double detailScale) {

    public static final double DEFAULT_UNLABELED_SHARE = 0.05;
    public static final List<String> DEFAULT_DOMAINS = List.of("day", "dusk", "fog");
    private static final int MAX_COUNT = 1_000_000;
    private static final Pattern DOMAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public SynthSpec {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(imageFormat, "imageFormat");
        domains = List.copyOf(Objects.requireNonNull(domains, "domains"));
        if (width < 16 || height < 16 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("synth image size must be 16..8192 per side, got " + width + "x" + height);
        }
        if (trainCount < 0 || valCount < 0 || trainCount > MAX_COUNT || valCount > MAX_COUNT) {
            throw new IllegalArgumentException("synth image counts must be 0.." + MAX_COUNT + ", got train="
                    + trainCount + " val=" + valCount);
        }
        int maxClasses = switch (layout) {
            case CITYSCAPES -> 19;
            case ADE20K -> 150;
            case MSEG -> 254;
        };
        if (numClasses < 2 || numClasses > maxClasses) {
            throw new IllegalArgumentException("layout " + layout.id() + " supports 2.." + maxClasses
                    + " classes, got " + numClasses);
        }
        if (!(unlabeledShare >= 0 && unlabeledShare <= 0.5)) {
            throw new IllegalArgumentException("unlabeled share must be in [0, 0.5], got " + unlabeledShare);
        }
        if (!(detailScale >= 1 && detailScale <= 16)) {
            throw new IllegalArgumentException("detail scale must be in [1, 16], got " + detailScale);
        }
        if (layout == SynthLayout.CITYSCAPES && imageFormat != ImageFormat.PNG) {
            throw new IllegalArgumentException("cityscapes leftImg8bit images are PNG; jpeg is not part of the layout");
        }
        if (layout == SynthLayout.ADE20K && imageFormat != ImageFormat.JPEG) {
            throw new IllegalArgumentException("ADEChallengeData2016 images are JPEG; png is not part of the layout");
        }
        if (layout == SynthLayout.MSEG) {
            if (domains.isEmpty()) {
                throw new IllegalArgumentException("mseg layout needs at least one domain");
            }
            Set<String> seen = new HashSet<>();
            for (String d : domains) {
                if (!DOMAIN_NAME.matcher(d).matches() || d.equals("dataset_lists")) {
                    throw new IllegalArgumentException("invalid domain folder name '" + d
                            + "' (letters, digits, '.', '_', '-'; not 'dataset_lists')");
                }
                if (!seen.add(d)) {
                    throw new IllegalArgumentException("domain '" + d + "' is listed twice");
                }
            }
        } else if (!domains.isEmpty()) {
            throw new IllegalArgumentException("domains apply only to the mseg layout, got " + domains + " for "
                    + layout.id());
        }
    }

    /** Detail scale 1. */
    public SynthSpec(SynthLayout layout, int width, int height, int trainCount, int valCount, int numClasses,
            double unlabeledShare, long seed, List<String> domains, ImageFormat imageFormat) {
        this(layout, width, height, trainCount, valCount, numClasses, unlabeledShare, seed, domains, imageFormat, 1);
    }

    /**
     * Defaults per layout: cityscapes 256x128, 19 classes, PNG; ade20k 256x192, 32 classes, JPEG; mseg 256x192,
     * 16 classes, JPEG, domains day/dusk/fog. All: 16 train + 8 val images, 5% unlabeled, seed 0.
     */
    public static SynthSpec defaults(SynthLayout layout) {
        return switch (layout) {
            case CITYSCAPES -> new SynthSpec(layout, 256, 128, 16, 8, 19, DEFAULT_UNLABELED_SHARE, 0, List.of(),
                    ImageFormat.PNG);
            case ADE20K -> new SynthSpec(layout, 256, 192, 16, 8, 32, DEFAULT_UNLABELED_SHARE, 0, List.of(),
                    ImageFormat.JPEG);
            case MSEG -> new SynthSpec(layout, 256, 192, 16, 8, 16, DEFAULT_UNLABELED_SHARE, 0, DEFAULT_DOMAINS,
                    ImageFormat.JPEG);
        };
    }

    public SynthSpec withSize(int w, int h) {
        return new SynthSpec(layout, w, h, trainCount, valCount, numClasses, unlabeledShare, seed, domains, imageFormat, detailScale);
    }

    public SynthSpec withCounts(int train, int val) {
        return new SynthSpec(layout, width, height, train, val, numClasses, unlabeledShare, seed, domains, imageFormat, detailScale);
    }

    public SynthSpec withNumClasses(int k) {
        return new SynthSpec(layout, width, height, trainCount, valCount, k, unlabeledShare, seed, domains, imageFormat, detailScale);
    }

    public SynthSpec withUnlabeledShare(double share) {
        return new SynthSpec(layout, width, height, trainCount, valCount, numClasses, share, seed, domains, imageFormat, detailScale);
    }

    public SynthSpec withSeed(long s) {
        return new SynthSpec(layout, width, height, trainCount, valCount, numClasses, unlabeledShare, s, domains,
                imageFormat, detailScale);
    }

    public SynthSpec withDomains(List<String> names) {
        return new SynthSpec(layout, width, height, trainCount, valCount, numClasses, unlabeledShare, seed, names,
                imageFormat, detailScale);
    }

    public SynthSpec withImageFormat(ImageFormat format) {
        return new SynthSpec(layout, width, height, trainCount, valCount, numClasses, unlabeledShare, seed, domains,
                format, detailScale);
    }

    public SynthSpec withDetailScale(double scale) {
        return new SynthSpec(layout, width, height, trainCount, valCount, numClasses, unlabeledShare, seed, domains,
                imageFormat, scale);
    }

    public int count(SynthSplit split) {
        return split == SynthSplit.TRAIN ? trainCount : valCount;
    }

    /** Domain folder names for mseg; a single unnamed domain ("") for the single-domain layouts. */
    public List<String> domainsOrSingle() {
        return layout == SynthLayout.MSEG ? domains : List.of("");
    }

    public ClassRoles roles() {
        return layout == SynthLayout.CITYSCAPES ? ClassRoles.cityscapes(numClasses) : ClassRoles.generic(numClasses);
    }

    /** Scene settings of the domain at this index (style {@link DomainStyle#forIndex}; neutral for single-domain). */
    public SceneSettings sceneSettings(int domainIndex) {
        DomainStyle style = layout == SynthLayout.MSEG ? DomainStyle.forIndex(domainIndex) : DomainStyle.NEUTRAL;
        return new SceneSettings(width, height, roles(), unlabeledShare, style, detailScale);
    }

    /** The seed of one image: a function of (seed, domain index, split, index) only. */
    public long sampleSeed(int domainIndex, SynthSplit split, int index) {
        return Seeds.derive(seed, domainIndex, split.code(), index);
    }
}
