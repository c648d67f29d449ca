package org.gss.model.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gss.data.testing.SharedData;
import org.gss.io.NumpyArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The stage2-golden files in the repository's {@code testdata/stage2-golden/} (through {@link SharedData}). */
public final class Stage2Golden {

    private Stage2Golden() {
    }

    public static Path file(String caseName, String file) {
        return SharedData.data("stage2-golden/" + caseName + "/" + file);
    }

    public static INDArray npy(String caseName, String file) {
        Path p = file(caseName, file);
        try {
            return NumpyArrays.parseNpy(Files.readAllBytes(p), p.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
        }
    }

    /** max |a − b| / max |b|: the error relative to the golden tensor's scale. */
    public static double relativeError(INDArray actual, INDArray golden) {
        INDArray a = actual.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray g = golden.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        if (!java.util.Arrays.equals(a.shape(), g.shape())) {
            throw new AssertionError("shape " + java.util.Arrays.toString(a.shape()) + " vs golden "
                    + java.util.Arrays.toString(g.shape()));
        }
        return a.sub(g).amaxNumber().doubleValue() / g.amaxNumber().doubleValue();
    }
}
