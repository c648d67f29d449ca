package org.gss.tokenizer;

import static org.gss.tokenizer.Golden.maxAbsError;
import static org.gss.tokenizer.Golden.npy;
import static org.gss.tokenizer.Golden.worstRatio;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shows that the golden comparisons catch real porting mistakes: each deliberately wrong {@link DvaeVariant} must
 * miss the tolerance by a large factor, with the same max abs error the README (§6) reports for that bug.
 */
class DvaeMutationTest {
    /** A bug counts as caught when its worst element is this many tolerances away from the golden value. */
    private static final double CAUGHT = 30;

    /**
     * README §6 table: bug → max abs error of enc_logits (on x) and dec_out (on the golden tokens) for tiny, small,
     * tiny_bias; 0 = the bug has no effect there.
     */
    static Stream<Arguments> readmeErrors() {
        return Stream.of(
                Arguments.of(DvaeVariant.POST_GAIN_NOT_SQUARED, new double[] {0.15, 0.16, 0.18},
                        new double[] {0.045, 0.0069, 0.083}),
                Arguments.of(DvaeVariant.KERNEL_HW_SWAPPED, new double[] {0.53, 0.79, 0.64},
                        new double[] {0.0094, 0.00085, 0.022}),
                Arguments.of(DvaeVariant.ID_PATH_AFTER_RELU, new double[] {1.21, 2.15, 1.31},
                        new double[] {0.25, 0.073, 0.27}),
                Arguments.of(DvaeVariant.AVG_POOL, new double[] {0.51, 0.85, 0.58}, new double[] {0, 0, 0}),
                Arguments.of(DvaeVariant.IGNORE_CONV_BIAS, new double[] {0, 0, 0.55}, new double[] {0, 0, 0.12}),
                // not in the README: NaN = must be caught, no reference figure
                Arguments.of(DvaeVariant.GATHER_WITHOUT_BIAS, new double[] {0, 0, 0},
                        new double[] {0, 0, Double.NaN}));
    }

    private static final String[] SETS = {"tiny", "small", "tiny_bias"};

    @ParameterizedTest
    @MethodSource("readmeErrors")
    void eachBugIsCaughtWhereTheReadmeSaysAndOnlyThere(DvaeVariant bug, double[] encErr, double[] decErr) {
        for (int s = 0; s < SETS.length; s++) {
            String set = SETS[s];
            DalleDvae wrong = Golden.dvae(set, bug);
            check(bug + " " + set + " enc_logits", wrong.encoder().logits(npy("x.npy")),
                    npy(set + "/enc_logits.npy"), encErr[s]);
            check(bug + " " + set + " dec_out", wrong.decoderOutput(npy(set + "/tokens.npy")),
                    npy(set + "/dec_out.npy"), decErr[s]);
        }
    }

    @Test
    void referenceVariantIsTheProductionPath() {
        INDArray viaVariant = Golden.dvae("tiny_bias", DvaeVariant.REFERENCE).encoder().logits(npy("x.npy"));
        assertEquals(Golden.dvae("tiny_bias").encoder().logits(npy("x.npy")), viaVariant);
    }

    /**
     * readmeError 0: the bug is invisible on this set (e.g. zero biases), so the wrong model must still pass.
     * Otherwise it must fail by at least {@link #CAUGHT} tolerances and reproduce the README's error to 5 % (the
     * README rounds to two digits), which shows the variant is the same bug the README measured.
     */
    private static void check(String what, INDArray wrong, INDArray golden, double readmeError) {
        double ratio = worstRatio(wrong, golden);
        double err = maxAbsError(wrong, golden);
        System.out.printf("%s: max abs err %.4g, worst err/tol %.3g%n", what, err, ratio);
        if (readmeError == 0) {
            assertTrue(ratio <= 1, what + " should be undetectable here, worst err/tol " + ratio);
        } else {
            assertTrue(ratio >= CAUGHT, what + " caught only by a factor " + ratio);
            if (!Double.isNaN(readmeError)) {
                assertEquals(readmeError, err, 0.05 * readmeError, what + " max abs error vs README §6");
            }
        }
    }
}
