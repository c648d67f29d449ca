package org.gss.eval;

import java.io.Serializable;
import java.util.Arrays;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;

/**
 * Maps a prediction in the universal taxonomy (MSeg: 194 classes) into a test dataset's taxonomy before it is
 * accumulated against that dataset's ground truth. Universal classes with no test counterpart map to 255
 * ("no prediction"), which {@link ConfusionMatrix} counts as a wrong prediction on labeled pixels. A prediction of 255
 * stays 255. Pure: {@link #apply} returns a new map.
 */
public final class ClassMapping implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] universalToTest;
    private final int testClasses;
    /** 256-entry byte table; -1 marks universal ids outside the mapping. */
    private final int[] table = new int[256];

    /**
     * @param universalToTest entry u = test id of universal class u, or 255 where there is none
     * @param testClasses     number of classes of the test taxonomy (every mapped id must be below it)
     */
    public ClassMapping(int[] universalToTest, int testClasses) {
        if (testClasses < 1 || testClasses > LabelMap.IGNORE) {
            throw new IllegalArgumentException("number of test classes must be 1..255, got " + testClasses);
        }
        if (universalToTest.length < 1 || universalToTest.length > LabelMap.IGNORE) {
            throw new IllegalArgumentException("mapping must cover 1..255 universal classes, got "
                    + universalToTest.length);
        }
        Arrays.fill(table, -1);
        for (int u = 0; u < universalToTest.length; u++) {
            int t = universalToTest[u];
            if (t != LabelMap.IGNORE && (t < 0 || t >= testClasses)) {
                throw new IllegalArgumentException("universal class " + u + " maps to " + t + ", outside 0.."
                        + (testClasses - 1) + " and not 255");
            }
            table[u] = t;
        }
        table[LabelMap.IGNORE] = LabelMap.IGNORE;
        this.universalToTest = universalToTest.clone();
        this.testClasses = testClasses;
    }

    public int universalClasses() {
        return universalToTest.length;
    }

    public int testClasses() {
        return testClasses;
    }

    /** Test id for a universal id (255 for none, and for 255 itself). */
    public int map(int universalId) {
        if (universalId < 0 || universalId > 255 || table[universalId] < 0) {
            throw new IllegalArgumentException(outOfRange(universalId, -1));
        }
        return table[universalId];
    }

    /** The mapping array (a copy). */
    public int[] universalToTest() {
        return universalToTest.clone();
    }

    /** The prediction in test ids; an id outside the universal taxonomy throws {@link IllegalArgumentException}. */
    public LabelMap apply(LabelMap universalPrediction) {
        return apply(universalPrediction, null);
    }

    /** As {@link #apply(LabelMap)}, errors as {@link BadInputException} naming {@code name}. */
    public LabelMap apply(LabelMap universalPrediction, String name) {
        byte[] in = universalPrediction.ids();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            int t = table[in[i] & 0xFF];
            if (t < 0) {
                String problem = outOfRange(in[i] & 0xFF, i);
                throw name == null ? new IllegalArgumentException(problem) : new BadInputException(name, problem);
            }
            out[i] = (byte) t;
        }
        return new LabelMap(universalPrediction.width(), universalPrediction.height(), out);
    }

    private String outOfRange(int id, int pixel) {
        return "predicted universal id " + id + (pixel >= 0 ? " at pixel " + pixel : "") + " is out of range for "
                + universalToTest.length + " universal classes (0.." + (universalToTest.length - 1) + ", 255)";
    }
}
