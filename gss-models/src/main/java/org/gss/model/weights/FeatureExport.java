package org.gss.model.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.gss.data.image.BadInputException;
import org.gss.io.NumpyArrays;
import org.gss.io.NpyWriter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code gss model features}: loads a reference state dict, runs our network on an input {@code .npy} and
 * writes every output under the reference goldens' names, so that a converted checkpoint can be compared
 * with PyTorch's forward pass file by file.
 */
public final class FeatureExport {

    /** What an export did. */
    public record Result(ReferenceArchitecture architecture, List<String> files) {
    }

    private FeatureExport() {
    }

    /**
     * @param weights a reference state dict ({@code .npz}; backbone, head or both)
     * @param inputs  the image [B,3,H,W] (with a backbone), or the head's input features feat0.. in backbone
     *                level order (head only; the first is taken as stride 4)
     * @param train   BatchNorm with batch statistics ({@code model.train()}); dropout stays off
     */
    public static Result run(Path weights, List<Path> inputs, Path out, boolean train) throws IOException {
        StateDict sd = StateDict.read(weights);
        List<INDArray> in = new ArrayList<>();
        for (Path p : inputs) {
            if (!Files.isRegularFile(p)) {
                throw new BadInputException(p.toString(), "input file not found");
            }
            INDArray a = NumpyArrays.parseNpy(Files.readAllBytes(p), p.toString());
            if (a.rank() != 4) {
                throw new BadInputException(p.toString(), "expected a [B,C,H,W] array, got shape "
                        + Arrays.toString(a.shape()));
            }
            in.add(a.castTo(DataType.FLOAT));
        }
        List<int[]> headLevels = null;
        if (sd.backbone().isEmpty()) {
            headLevels = new ArrayList<>();
            long h0 = in.get(0).size(2);
            for (int i = 0; i < in.size(); i++) {
                INDArray a = in.get(i);
                if (h0 % a.size(2) != 0) {
                    throw new BadInputException(inputs.get(i).toString(), "height " + a.size(2)
                            + " does not divide the first feature's " + h0);
                }
                headLevels.add(new int[] {(int) a.size(1), (int) (4 * h0 / a.size(2))});
            }
        } else if (in.size() != 1 || in.get(0).size(1) != 3) {
            throw new BadInputException(inputs.get(0).toString(), "the weights hold a backbone: give one image"
                    + " array [B,3,H,W], got " + in.size() + " input(s) of shape " + Arrays.toString(in.get(0).shape()));
        }
        ReferenceArchitecture arch = ReferenceArchitecture.infer(sd, headLevels);
        int stride = 4;
        int h = (int) in.get(0).size(2) * (arch.hasBackbone() ? 1 : stride);
        int w = (int) in.get(0).size(3) * (arch.hasBackbone() ? 1 : stride);
        if (arch.head().isPresent() && arch.hasBackbone()) {
            int coarsest = arch.levels().stream().mapToInt(l -> l[1]).max().orElse(1);
            if (h % coarsest != 0 || w % coarsest != 0) {
                throw new BadInputException(inputs.get(0).toString(), "with a head the image sides must be multiples"
                        + " of the coarsest level's stride " + coarsest + ", got " + h + "x" + w);
            }
        }
        ReferenceGraph g = ReferenceGraph.build(arch, h, w, headLevels);
        ReferenceWeights.load(g.graph(), sd, arch, ReferenceWeights.Part.ALL);
        Map<String, INDArray> outputs = g.forward(train, in.toArray(INDArray[]::new));
        Files.createDirectories(out);
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : outputs.entrySet()) {
            INDArray a = e.getValue();
            String name = e.getKey() + ".npy";
            byte[] npy = a.dataType() == DataType.LONG
                    ? NpyWriter.int32(a.castTo(DataType.INT32).dup('c').data().asInt(), a.shape())
                    : NpyWriter.float32(a.castTo(DataType.FLOAT).dup('c').data().asFloat(), a.shape());
            NpyWriter.write(out.resolve(name), npy);
            files.add(name);
        }
        return new Result(arch, files);
    }
}
