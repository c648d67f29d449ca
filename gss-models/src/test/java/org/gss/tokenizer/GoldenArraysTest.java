package org.gss.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The reference implementation's golden arrays, as {@link org.gss.io.NumpyArrays} reads them. */
class GoldenArraysTest {
    @Test
    void readsGoldenNpyWithDtypesShapesAndValues() {
        INDArray palette = Golden.npy("palette.npy");
        assertEquals(DataType.INT, palette.dataType());
        assertArrayEquals(new long[] {8, 3}, palette.shape());
        assertArrayEquals(new int[] {128, 64, 128}, palette.getRow(0).toIntVector());
        assertArrayEquals(new int[] {220, 220, 0}, palette.getRow(7).toIntVector());

        INDArray labels = Golden.npy("labels.npy");
        assertEquals(DataType.LONG, labels.dataType());
        assertArrayEquals(new long[] {2, 64, 64}, labels.shape());
        assertEquals(0L, labels.minNumber().longValue());
        assertEquals(7L, labels.maxNumber().longValue());

        INDArray x = Golden.npy("x.npy");
        assertEquals(DataType.FLOAT, x.dataType());
        assertArrayEquals(new long[] {2, 3, 64, 64}, x.shape());
        // maskige = palette[labels] / 255, so pixel (0,0) of image 0 is the colour of its label
        INDArray maskige = Golden.npy("maskige.npy");
        int label = labels.getInt(0, 0, 0);
        for (int c = 0; c < 3; c++) {
            assertEquals(palette.getInt(label, c) / 255.0, maskige.getDouble(0, c, 0, 0), 1e-7);
        }
    }

    @Test
    void npzKeysComeInStateDictOrder() {
        Map<String, INDArray> enc = Golden.npz("small/encoder.npz");
        DvaeEncoder.Config c = new DvaeEncoder.Config(32, 2, 3, 512);
        assertEquals(new ArrayList<>(c.stateDictShapes().keySet()), new ArrayList<>(enc.keySet()));
        assertArrayEquals(new long[] {32, 3, 7, 7}, enc.get("blocks.input.w").shape());
    }
}
