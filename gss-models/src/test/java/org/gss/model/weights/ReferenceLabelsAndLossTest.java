package org.gss.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gss.data.image.LabelMap;
import org.gss.data.image.OneHotResize;
import org.gss.data.view.TokenCoverage;
import org.gss.maskige.Palette;
import org.gss.model.EncoderBatch;
import org.gss.model.GradientChecks;
import org.gss.tokenizer.PixelMapping;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The label side of the reference head's forward_train (gss-head-narrow): the ground truth resized ×2 by
 * one-hot → bilinear → argmax, the token mask of wholly ignored 8×8 blocks, the dVAE input painted from the
 * labels with ignored pixels filled by the auxiliary argmax, and the weighted losses 0.8·CE(tokens) +
 * 0.2·CE(pixels), each a mean over its valid positions.
 */
class ReferenceLabelsAndLossTest {

    private static final String C = "gss-head-narrow";
    private static final int CLASSES = 5;
    private static final int[][] PALETTE = {{128, 64, 128}, {244, 35, 232}, {70, 70, 70}, {102, 102, 156},
        {190, 153, 153}};

    @BeforeAll
    static void threads() {
        GradientChecks.singleThreaded();
    }

    private static LabelMap labels(INDArray a, int b) {
        int h = (int) a.size(2);
        int w = (int) a.size(3);
        byte[] ids = new byte[h * w];
        long[] v = a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b)).dup().data().asLong();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (byte) v[i];
        }
        return new LabelMap(w, h, ids);
    }

    private static INDArray stack(List<LabelMap> maps) {
        LabelMap m0 = maps.get(0);
        INDArray out = Nd4j.create(DataType.LONG, maps.size(), 1, m0.height(), m0.width());
        for (int b = 0; b < maps.size(); b++) {
            for (int i = 0; i < m0.ids().length; i++) {
                out.putScalar(new long[] {b, 0, i / m0.width(), i % m0.width()}, maps.get(b).at(i));
            }
        }
        return out;
    }

    @Test
    void labelsMaskigeAndLossesMatchTheReference() {
        INDArray gt = Stage2Golden.npy(C, "gt.npy");
        List<LabelMap> pixelLabels = new ArrayList<>();
        List<LabelMap> filled = new ArrayList<>();
        StateDict sd = StateDict.read(Stage2Golden.file(C, "weights.npz"));
        INDArray[] feats = new INDArray[4];
        List<int[]> levels = new ArrayList<>();
        int[] strides = {4, 8, 8, 8};
        for (int i = 0; i < 4; i++) {
            feats[i] = Stage2Golden.npy(C, "feat" + i + ".npy");
            levels.add(new int[] {(int) feats[i].size(1), strides[i]});
        }
        ReferenceGraph g = ReferenceGraph.load(sd, 64, 96, levels);
        Map<String, INDArray> out = g.forward(false, feats);
        INDArray auxArgmax = Nd4j.argMax(out.get("pixel_logits_up"), 1);
        for (int b = 0; b < gt.size(0); b++) {
            LabelMap up = OneHotResize.resize(labels(gt, b), CLASSES, 192, 128);
            pixelLabels.add(up);
            byte[] fill = new byte[up.ids().length];
            long[] am = auxArgmax.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b)).dup().data().asLong();
            for (int i = 0; i < fill.length; i++) {
                fill[i] = (byte) am[i];
            }
            filled.add(up.withUnlabeledFrom(new LabelMap(192, 128, fill)));
        }
        assertEquals(Stage2Golden.npy(C, "pixel_label.npy"), stack(pixelLabels));

        // dVAE input: map_pixels(palette[label] / 255) of the filled labels
        Palette palette = Palette.of(PALETTE);
        INDArray maskige = Nd4j.create(DataType.FLOAT, 2, 3, 128, 192);
        for (int b = 0; b < 2; b++) {
            float[] chw = palette.toMaskigeNchw(filled.get(b));
            maskige.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b)).assign(
                    Nd4j.createFromArray(chw).reshape(3, 128, 192));
        }
        INDArray mapped = PixelMapping.map(maskige);
        double err = Stage2Golden.relativeError(mapped, Stage2Golden.npy(C, "maskige_in.npy"));
        assertTrue(err < 1e-6, "maskige_in relative error " + err);

        // token mask: tokens whose 8×8 block of the resized labels is wholly ignored
        INDArray tokens = Stage2Golden.npy(C, "standin_tokens.npy");
        INDArray coverage = Nd4j.create(DataType.INT32, 2, 16, 24);
        INDArray masked = Stage2Golden.npy(C, "token_label_masked.npy");
        for (int b = 0; b < 2; b++) {
            byte[] cov = TokenCoverage.of(pixelLabels.get(b), 8);
            for (int i = 0; i < cov.length; i++) {
                coverage.putScalar(new long[] {b, i / 24, i % 24}, cov[i]);
                boolean ignored = masked.getLong(b, 0, i / 24, i % 24) == 8192;
                assertEquals(ignored, cov[i] == TokenCoverage.UNLABELED, "token " + b + "/" + i);
            }
        }

        // losses: graph score (masked means, weights 0.8 / 0.2) against the reference's loss_ce + loss_ce_pixel
        INDArray pix = stack(pixelLabels).reshape(2, 128, 192);
        MultiDataSet mds = EncoderBatch.withTargets(feats, tokens, coverage, pix, 64, CLASSES);
        double score = g.graph().score(mds, false);
        double expected = 3.4657185077667236 + 0.6818777918815613;
        System.out.printf("loss: ours %.7f reference %.7f (relative error %.3g)%n", score, expected,
                Math.abs(score - expected) / expected);
        assertEquals(expected, score, 1e-4 * expected);
        assertArrayEquals(new long[] {2, 1, 16, 24}, masked.shape());
    }
}
