package org.gss.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.data.image.BadInputException;
import org.gss.model.GradientChecks;
import org.gss.model.GssEncoderModel;
import org.gss.model.ModelConfig;
import org.gss.model.backbone.SwinTransformer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Backbone weights under the reference names: export → load round trip into the training graph, strict errors. */
class ReferenceWeightsTest {

    @BeforeAll
    static void threads() {
        GradientChecks.singleThreaded();
    }

    private static Map<String, INDArray> prefixed(Map<String, INDArray> sd) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        sd.forEach((k, v) -> out.put("backbone." + k, v));
        return out;
    }

    private static void roundTrip(ModelConfig cfg) {
        Map<String, INDArray> sd = ReferenceWeights.exportBackbone(GssEncoderModel.build(cfg));
        sd.values().forEach(v -> v.muli(1.5));
        ComputationGraph g = GssEncoderModel.build(cfg);
        INDArray headBefore = g.getLayer("head.cls").params().dup();
        StateDict dict = StateDict.of(prefixed(sd), "test.npz");
        ReferenceArchitecture arch = ReferenceArchitecture.infer(dict, null);
        ConfiguredModelCheck.backbone(arch, cfg, "test.npz");
        ReferenceWeights.ImportReport r = ReferenceWeights.load(g, dict, arch, ReferenceWeights.Part.BACKBONE);
        assertEquals(sd.size(), r.tensorsLoaded());
        Map<String, INDArray> back = ReferenceWeights.exportBackbone(g);
        assertEquals(sd.keySet(), back.keySet());
        for (String k : sd.keySet()) {
            INDArray want = sd.get(k);
            double err = back.get(k).sub(want).amaxNumber().doubleValue() / Math.max(1e-12,
                    want.amaxNumber().doubleValue());
            assertTrue(err < 1e-5, k + ": " + err);
        }
        assertEquals(headBefore, g.getLayer("head.cls").params(), "a backbone load leaves the head alone");
    }

    @Test
    void resnetBackboneRoundTripsThroughTheReferenceNames() {
        roundTrip(ModelConfig.tiny());
    }

    @Test
    void swinBackboneRoundTripsThroughTheReferenceNames() {
        roundTrip(ModelConfig.tiny().withCrop(64).withSwin(
                new SwinTransformer.Spec(4, 8, new int[] {1, 1, 2, 1}, new int[] {1, 2, 2, 4}, 4, 2)));
    }

    @Test
    void missingMisShapedAndForeignTensorsAreNamed() {
        ModelConfig cfg = ModelConfig.tiny();
        ComputationGraph g = GssEncoderModel.build(cfg);
        Map<String, INDArray> sd = ReferenceWeights.exportBackbone(g);

        Map<String, INDArray> missing = new LinkedHashMap<>(sd);
        missing.remove("layer3.1.bn2.running_var");
        StateDict m = StateDict.of(missing, "m.npz");
        BadInputException e = assertThrows(BadInputException.class, () -> ReferenceWeights.load(g, m,
                ReferenceArchitecture.infer(m, null), ReferenceWeights.Part.BACKBONE));
        assertTrue(e.getMessage().contains("m.npz") && e.getMessage().contains("layer3.1.bn2.running_var"),
                e.getMessage());

        Map<String, INDArray> extra = new LinkedHashMap<>(sd);
        extra.put("layer4.0.se.weight", sd.get("layer4.0.conv1.weight"));
        StateDict x = StateDict.of(extra, "x.npz");
        e = assertThrows(BadInputException.class, () -> ReferenceWeights.load(g, x,
                ReferenceArchitecture.infer(x, null), ReferenceWeights.Part.BACKBONE));
        assertTrue(e.getMessage().contains("layer4.0.se.weight"), e.getMessage());

        ModelConfig deeper = new ModelConfig(34, cfg.baseWidth(), true, cfg.mlaChannels(), cfg.mlaDepth(),
                cfg.window(), cfg.heads(), cfg.ffn(), cfg.hidden(), cfg.vocab(), cfg.auxChannels(), cfg.numClasses(),
                0.8, 0.2, 0.0, cfg.crop(), 1);
        StateDict r18 = StateDict.of(sd, "r18.npz");
        e = assertThrows(BadInputException.class, () -> ConfiguredModelCheck.backbone(
                ReferenceArchitecture.infer(r18, null), deeper, "r18.npz"));
        assertTrue(e.getMessage().contains("ResNet-18 v1c") && e.getMessage().contains("gss.model.depth = 34"),
                e.getMessage());
    }
}
