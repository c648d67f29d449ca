package org.gss.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class EncoderBatchTest {

    @Test
    void masksUnlabelledPatchesAndIgnorePixelsWithMeanWeights() {
        INDArray images = Nd4j.zeros(DataType.FLOAT, 2, 3, 8, 16); // token grid 1x2
        INDArray tokens = Nd4j.createFromArray(new int[][][] {{{5, 7}}, {{9, 3}}});
        INDArray coverage = Nd4j.createFromArray(new int[][][] {{{0, 2}}, {{1, 0}}});
        INDArray pixels = Nd4j.zeros(DataType.UBYTE, 2, 8, 16).addi(3);
        pixels.putScalar(new long[] {0, 0, 0}, 255);
        pixels.putScalar(new long[] {1, 7, 15}, 255);

        MultiDataSet ds = new EncoderBatch(images, tokens, coverage, pixels).toMultiDataSet(10, 4);

        assertArrayEquals(new long[] {2, 1, 1, 2}, ds.getLabels(0).shape());
        assertArrayEquals(new float[] {5, 0, 9, 3}, ds.getLabels(0).reshape(4).toFloatVector());
        // 3 valid token positions, mb 2: each weighs 2/3 so that DL4J's sum/mb is the mean
        assertArrayEquals(new float[] {2f / 3, 0, 2f / 3, 2f / 3}, ds.getLabelsMaskArray(0).reshape(4).toFloatVector(),
                1e-7f);
        assertArrayEquals(new long[] {2, 1, 8, 16}, ds.getLabels(1).shape());
        assertEquals(0.0, ds.getLabels(1).getDouble(0, 0, 0, 0)); // ignore -> label 0, mask 0
        assertEquals(0.0, ds.getLabelsMaskArray(1).getDouble(0, 0, 0, 0));
        assertEquals(0.0, ds.getLabelsMaskArray(1).getDouble(1, 0, 7, 15));
        assertEquals(2.0 / 254, ds.getLabelsMaskArray(1).getDouble(1, 0, 3, 3), 1e-9);
        assertEquals(2.0, ds.getLabelsMaskArray(1).sumNumber().doubleValue(), 1e-5);
        assertEquals(DataType.FLOAT, ds.getLabels(1).dataType());
        assertTrue(ds.getFeatures(0) == images);
    }

    @Test
    void rejectsOutOfRangeIdsAndWrongShapes() {
        INDArray images = Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 8);
        INDArray pixels = Nd4j.zeros(DataType.INT32, 1, 8, 8);
        INDArray cov = Nd4j.zeros(DataType.INT32, 1, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EncoderBatch(images, Nd4j.createFromArray(new int[][][] {{{16}}}), cov, pixels)
                        .toMultiDataSet(16, 4));
        assertTrue(e.getMessage().contains("token id"), e.getMessage());
        // an out-of-range token under a fully unlabelled patch is ignored, not an error
        new EncoderBatch(images, Nd4j.createFromArray(new int[][][] {{{8192}}}),
                Nd4j.createFromArray(new int[][][] {{{2}}}), pixels).toMultiDataSet(16, 4);
        INDArray badPixels = pixels.dup();
        badPixels.putScalar(0, 4);
        assertThrows(IllegalArgumentException.class,
                () -> new EncoderBatch(images, Nd4j.zeros(DataType.INT32, 1, 1, 1), cov, badPixels)
                        .toMultiDataSet(16, 4));
        assertThrows(IllegalArgumentException.class,
                () -> new EncoderBatch(images, Nd4j.zeros(DataType.INT32, 1, 2, 1), cov, pixels));
        assertThrows(IllegalArgumentException.class,
                () -> new EncoderBatch(Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 12), Nd4j.zeros(DataType.INT32, 1, 1, 1),
                        cov, pixels));
    }
}
