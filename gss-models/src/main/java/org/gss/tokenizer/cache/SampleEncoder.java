package org.gss.tokenizer.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gss.data.image.LabelMap;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.LabelOps;
import org.gss.data.view.TokenCoverage;
import org.gss.data.view.ViewGeometry;
import org.gss.maskige.Inverse;
import org.gss.maskige.Palette;
import org.gss.tokenizer.Tokenizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Computes the cache entries of one sample: for each view, the view's label map (nearest resize, flip, padded with
 * the ignore id to the token grid: {@link LabelOps#view}), painted with the palette and encoded by the tokenizer; and
 * the per-token coverage of the same view of the ground-truth labels ({@link TokenCoverage}).
 *
 * <p>Each view is encoded in its own tokenizer call (batch of one), so a token map never depends on which other views
 * or samples happened to be encoded with it: a verify run re-encodes an entry and must get the same ids.
 * Thread-safe when the tokenizer is (one instance serves all tasks of an executor).
 */
public final class SampleEncoder {
    private final Palette palette;
    private final Tokenizer tokenizer;
    private final ViewGeometry geometry;
    private final int tokenBytes;

    public SampleEncoder(Palette palette, Tokenizer tokenizer, ViewGeometry geometry) {
        this.palette = Objects.requireNonNull(palette, "palette");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        if (tokenizer.downsampleFactor() != geometry.tokenSize()) {
            throw new IllegalArgumentException("the tokenizer makes one token per " + tokenizer.downsampleFactor()
                    + " pixels but the cache's token grid is " + geometry.tokenSize());
        }
        this.tokenBytes = TokenCodec.bytesPerToken(tokenizer.vocabularySize());
    }

    public int tokenBytes() {
        return tokenBytes;
    }

    public ViewGeometry geometry() {
        return geometry;
    }

    public Palette palette() {
        return palette;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * The entries of one sample for {@code views}.
     *
     * @param groundTruth the sample's training labels (source of the coverage codes and of the unlabeled count)
     * @param encoded     the labels to encode: {@code groundTruth} itself, or a pseudo-label fill of it
     */
    public List<CacheEntry> encode(String sampleKey, String entryKey, String sampleId, LabelMap groundTruth,
            LabelMap encoded, List<AugmentationView> views) {
        if (groundTruth.width() != encoded.width() || groundTruth.height() != encoded.height()) {
            throw new IllegalArgumentException("filled labels are " + encoded.width() + "x" + encoded.height()
                    + " but the ground truth of " + sampleId + " is " + groundTruth.width() + "x"
                    + groundTruth.height());
        }
        long unlabeled = groundTruth.size() - groundTruth.labeledCount();
        List<CacheEntry> out = new ArrayList<>(views.size());
        for (AugmentationView v : views) {
            TokenGrid grid = encodeView(groundTruth, encoded, v);
            out.add(CacheEntry.of(sampleKey, entryKey, v.id(), sampleId, grid, tokenBytes, unlabeled));
        }
        return out;
    }

    /** One view's token grid: tokens of {@code encoded}, coverage of {@code groundTruth}. */
    public TokenGrid encodeView(LabelMap groundTruth, LabelMap encoded, AugmentationView v) {
        LabelMap viewEncoded = LabelOps.view(encoded, geometry, v);
        LabelMap viewTruth = encoded == groundTruth ? viewEncoded : LabelOps.view(groundTruth, geometry, v);
        int[] tokens = encodeLabels(viewEncoded);
        byte[] coverage = TokenCoverage.of(viewTruth, geometry.tokenSize());
        return new TokenGrid(viewEncoded.width() / geometry.tokenSize(), viewEncoded.height() / geometry.tokenSize(),
                tokens, coverage);
    }

    /** Token ids (row-major) of a label map whose sides are multiples of the token size. */
    public int[] encodeLabels(LabelMap labels) {
        int t = geometry.tokenSize();
        if (labels.width() % t != 0 || labels.height() % t != 0) {
            throw new IllegalArgumentException("label map " + labels.width() + "x" + labels.height()
                    + " is not a multiple of the token size " + t);
        }
        float[] nchw = palette.toMaskigeNchw(labels);
        try (INDArray x = Nd4j.create(nchw, new long[] {1, 3, labels.height(), labels.width()}, 'c');
                INDArray tokens = tokenizer.encode(x)) {
            return tokens.castTo(DataType.INT).dup('c').data().asInt();
        }
    }

    /** Stage-I reconstruction of a token map: decoder → maskige → {@code inverse} (e.g. nearest palette colour). */
    public LabelMap reconstruct(TokenGrid grid, Inverse inverse) {
        try (INDArray t = Nd4j.create(grid.tokens(), new long[] {1, grid.height(), grid.width()}, DataType.INT);
                INDArray rgb = tokenizer.decodeRgb(t)) {
            return inverse.invert(rgb)[0];
        }
    }
}
