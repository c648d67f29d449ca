package org.gss.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.gss.model.GradientChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Our ResNet v1c, GSS head and Swin backbone with the reference's weights reproduce the outputs of the
 * reference PyTorch code (stage2-golden: fudan-zvg/GSS with mmseg 0.26.0, narrowed, random weights) within
 * 1e-4 of each tensor's scale.
 */
class ReferenceParityTest {

    static final double TOLERANCE = 1e-4;

    @BeforeAll
    static void threads() {
        GradientChecks.singleThreaded();
    }

    static void check(Map<String, INDArray> ours, String caseName, String... names) {
        for (String n : names) {
            double err = Stage2Golden.relativeError(ours.get(n), Stage2Golden.npy(caseName, n + ".npy"));
            System.out.printf("%s %s: max relative error %.3g%n", caseName, n, err);
            assertTrue(err < TOLERANCE, caseName + "/" + n + ": relative error " + err);
        }
    }

    @Test
    void resnetV1c101NarrowMatchesInEvalAndTrainMode() {
        String c = "resnet-v1c-101-narrow";
        StateDict sd = StateDict.read(Stage2Golden.file(c, "weights.npz"));
        ReferenceArchitecture arch = ReferenceArchitecture.infer(sd, null);
        assertEquals(101, arch.resnet().orElseThrow().depth());
        assertEquals(16, arch.resnet().get().stemWidth());
        assertEquals(8, arch.resnet().get().baseWidth());
        INDArray x = Stage2Golden.npy(c, "x.npy");
        ReferenceGraph g = ReferenceGraph.load(sd, (int) x.size(2), (int) x.size(3), null);
        check(g.forward(false, x), c, "stem", "out0", "out1", "out2", "out3");
        Map<String, INDArray> train = g.forward(true, x);
        double err = Stage2Golden.relativeError(train.get("out3"), Stage2Golden.npy(c, "train_out3.npy"));
        System.out.printf("%s train_out3: max relative error %.3g%n", c, err);
        assertTrue(err < TOLERANCE, "train_out3: relative error " + err);
        // the training forward leaves the loaded running statistics as they were
        check(g.forward(false, x), c, "out3");
    }

    @Test
    void gssHeadNarrowMatchesOnTheGoldenFeatures() {
        String c = "gss-head-narrow";
        StateDict sd = StateDict.read(Stage2Golden.file(c, "weights.npz"));
        INDArray[] feats = new INDArray[4];
        List<int[]> levels = new java.util.ArrayList<>();
        int[] strides = {4, 8, 8, 8};
        for (int i = 0; i < 4; i++) {
            feats[i] = Stage2Golden.npy(c, "feat" + i + ".npy");
            levels.add(new int[] {(int) feats[i].size(1), strides[i]});
        }
        ReferenceArchitecture arch = ReferenceArchitecture.infer(sd, levels);
        assertEquals(4, arch.head().orElseThrow().gridStride());
        assertEquals(List.of(1, 0, 2, 3), java.util.Arrays.stream(arch.inIndex()).boxed().toList());
        ReferenceGraph g = ReferenceGraph.load(sd, 64, 96, levels);
        Map<String, INDArray> out = g.forward(false, feats);
        check(out, c, "agg", "swin_block0", "swin_block1", "swin_out", "swin_ln_out", "cls_feat", "token_logits",
                "agg_pixel", "pixel_logits", "pixel_logits_up");
        assertEquals(Stage2Golden.npy(c, "token_argmax.npy"), out.get("token_argmax"));
    }

    @Test
    void swinNarrowMatchesWithWindowPadding() {
        String c = "swin-narrow";
        StateDict sd = StateDict.read(Stage2Golden.file(c, "weights.npz"));
        ReferenceArchitecture arch = ReferenceArchitecture.infer(sd, null);
        assertEquals(12, arch.swin().orElseThrow().window());
        INDArray x = Stage2Golden.npy(c, "x.npy");
        ReferenceGraph g = ReferenceGraph.load(sd, (int) x.size(2), (int) x.size(3), null);
        check(g.forward(false, x), c, "patch_embed", "out0", "out1", "out2", "out3");
    }
}
