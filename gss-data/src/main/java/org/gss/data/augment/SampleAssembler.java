package org.gss.data.augment;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.LabelOps;
import org.gss.data.view.TokenCoverage;
import org.gss.data.view.ViewGeometry;

/**
 * Builds one training crop the way the reference pipeline does (resize by the view's ratio keeping the aspect ratio,
 * flip, random crop with cat_max_ratio, photometric distortion, ImageNet normalisation), with two differences that
 * keep cached token maps valid: views come from a fixed set, and crop origins lie on the 8-pixel token grid, so the
 * crop's target tokens are a slice of the view's cached token map. Views smaller than the crop are padded (image 0,
 * labels 255, tokens unlabeled).
 */
public final class SampleAssembler {
    private final ViewGeometry geometry;
    private final CropSampler crops;
    private final int cropW;
    private final int cropH;
    private final boolean photometric;

    public SampleAssembler(ViewGeometry geometry, int crop, double catMaxRatio, boolean photometric) {
        this.geometry = geometry;
        this.cropW = crop;
        this.cropH = crop;
        this.crops = new CropSampler(crop, crop, geometry.tokenSize(), catMaxRatio);
        this.photometric = photometric;
    }

    /** The view of an image: resize (bilinear), flip, pad to the token grid (black). */
    public RgbImage viewImage(RgbImage img, AugmentationView v) {
        int[] r = geometry.resized(img.width(), img.height(), v);
        int[] p = geometry.padded(img.width(), img.height(), v);
        RgbImage out = ImageOps.resizeBilinear(img, r[0], r[1]);
        if (v.flip()) {
            out = ImageOps.flipHorizontal(out);
        }
        return ImageOps.pad(out, p[0], p[1]);
    }

    /**
     * A crop of the view. {@code viewTokens}/{@code viewCoverage} are the view's full token and coverage maps (from the
     * token cache, row-major over {@link ViewGeometry#tokenGrid}); pass null for both to get a sample without token
     * targets (online targets are encoded from {@link TrainingSample#labels} later).
     */
    public TrainingSample assemble(RgbImage img, LabelMap labels, AugmentationView v, int[] viewTokens,
            byte[] viewCoverage, SplittableRandom rnd) {
        if (img.width() != labels.width() || img.height() != labels.height()) {
            throw new IllegalArgumentException("image " + img.width() + "x" + img.height() + " and labels "
                    + labels.width() + "x" + labels.height() + " differ");
        }
        RgbImage vi = viewImage(img, v);
        LabelMap vl = LabelOps.view(labels, geometry, v);
        int t = geometry.tokenSize();
        int gw = vl.width() / t;
        if (viewTokens != null && viewTokens.length != gw * (vl.height() / t)) {
            throw new IllegalArgumentException("cached token map has " + viewTokens.length + " tokens, view " + v.id()
                    + " needs " + gw + "x" + vl.height() / t + " (stale cache?)");
        }
        int[] c = crops.sample(vl, rnd);
        RgbImage ci = ImageOps.pad(ImageOps.crop(vi, c[0], c[1], c[2], c[3]), cropW, cropH);
        LabelMap cl = LabelOps.pad(LabelOps.crop(vl, c[0], c[1], c[2], c[3]), cropW, cropH, LabelMap.IGNORE);
        if (photometric) {
            ci = PhotometricDistortion.apply(ci, rnd);
        }
        float[] chw = new float[3 * cropW * cropH];
        Normalization.toChw(ci, chw, 0);
        int tw = cropW / t;
        int th = cropH / t;
        int[] tokens = null;
        byte[] coverage = null;
        if (viewTokens != null) {
            tokens = new int[tw * th];
            coverage = new byte[tw * th];
            Arrays.fill(coverage, TokenCoverage.UNLABELED);
            int ox = c[0] / t;
            int oy = c[1] / t;
            for (int y = 0; y < c[3] / t; y++) {
                for (int x = 0; x < c[2] / t; x++) {
                    tokens[y * tw + x] = viewTokens[(oy + y) * gw + ox + x];
                    coverage[y * tw + x] = viewCoverage[(oy + y) * gw + ox + x];
                }
            }
        }
        return new TrainingSample(cropW, cropH, chw, cl.ids(), tokens, coverage);
    }
}
