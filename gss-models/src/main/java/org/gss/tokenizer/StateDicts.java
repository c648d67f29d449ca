package org.gss.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.gss.data.image.BadInputException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checks a state dict against the shapes a configuration expects, naming every offending key. */
final class StateDicts {
    private StateDicts() {
    }

    /**
     * Fails with one message listing every missing, wrongly shaped, non-float or unexpected tensor.
     *
     * @param source the file (or description) the tensors came from, for the error
     * @param context appended to the error in brackets (which configuration the shapes came from)
     */
    static void check(Map<String, INDArray> sd, Map<String, long[]> expected, String source, String context) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            INDArray a = sd.get(e.getKey());
            if (a == null) {
                problems.add("missing tensor '" + e.getKey() + "' (expected shape " + Arrays.toString(e.getValue())
                        + ")");
            } else if (!Arrays.equals(a.shape(), e.getValue())) {
                problems.add("tensor '" + e.getKey() + "' has shape " + Arrays.toString(a.shape()) + ", expected "
                        + Arrays.toString(e.getValue()));
            } else if (!a.dataType().isFPType()) {
                problems.add("tensor '" + e.getKey() + "' has dtype " + a.dataType() + ", expected floating point");
            }
        }
        for (Map.Entry<String, INDArray> e : sd.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                problems.add("unexpected tensor '" + e.getKey() + "' with shape "
                        + Arrays.toString(e.getValue().shape()));
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(source, String.join("; ", problems) + " [" + context + "]");
        }
    }
}
