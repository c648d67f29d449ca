package org.gss.model.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gss.data.image.BadInputException;
import org.gss.model.ModelConfig;
import org.gss.io.NpzWriter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code gss weights convert}, Java side: an {@code .npz} with the reference names (as
 * {@code tools/pth_to_npz.py} writes it from a PyTorch checkpoint) is checked against the configured model
 * (kind, backbone, depth, widths, head sizes: {@link ConfiguredModelCheck}), loaded strictly into our network
 * (every tensor used, none missing, every shape right: {@link ReferenceWeights}), and written out.
 */
public final class WeightsConversion {

    /** What a checkpoint holds. */
    public enum Kind {
        RESNET_V1C("resnet-v1c"), SWIN("swin"), GSS("gss");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind of(String s) {
            for (Kind k : values()) {
                if (k.id.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown --kind '" + s + "': resnet-v1c | swin | gss");
        }
    }

    /** What a conversion did. */
    public record Result(ReferenceArchitecture architecture, int tensors, long values, List<String> skipped) {
    }

    private WeightsConversion() {
    }

    public static Result convert(Kind kind, Path in, Path out, ModelConfig cfg) throws IOException {
        StateDict sd = StateDict.read(in);
        ReferenceArchitecture arch = ReferenceArchitecture.infer(sd, null);
        String src = in.toString();
        switch (kind) {
            case RESNET_V1C, SWIN -> {
                if (!sd.head().isEmpty()) {
                    throw new BadInputException(src, "--kind " + kind.id() + " expects a backbone, the file also holds a"
                            + " head (decode_head.*): use --kind gss");
                }
                if (kind == Kind.RESNET_V1C && arch.resnet().isEmpty() || kind == Kind.SWIN && arch.swin().isEmpty()) {
                    throw new BadInputException(src, "--kind " + kind.id() + ", but the file holds " + arch);
                }
            }
            case GSS -> {
                if (!arch.hasBackbone() || arch.head().isEmpty()) {
                    throw new BadInputException(src, "--kind gss expects backbone.* and decode_head.* tensors, found "
                            + (arch.toString().isEmpty() ? "neither" : arch));
                }
                ConfiguredModelCheck.head(arch, cfg, src);
            }
        }
        ConfiguredModelCheck.backbone(arch, cfg, src);
        int side = arch.levels().stream().mapToInt(l -> l[1]).max().orElse(32) * 2;
        ReferenceGraph g = ReferenceGraph.build(arch, side, side, null);
        ReferenceWeights.ImportReport r = ReferenceWeights.load(g.graph(), sd, arch, ReferenceWeights.Part.ALL);
        Map<String, INDArray> all = new LinkedHashMap<>();
        boolean prefixed = kind == Kind.GSS;
        sd.backbone().forEach((k, v) -> all.put(prefixed ? "backbone." + k : k, v));
        sd.head().forEach((k, v) -> all.put("decode_head." + k, v));
        NpzWriter.writeFloat32(out, all);
        return new Result(arch, r.tensorsLoaded(), r.valuesLoaded(), r.skipped());
    }
}
