package org.gss.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    private static final int X = 255;

    /** The 4×4 hand case shared with {@link SegmentationMetricsTest}: K=5, ignore pixels, a 255 prediction. */
    static final int[] HAND_GT = {
        0, 0, 1, 1,
        0, 0, 1, 1,
        2, 2, X, X,
        2, 2, X, 1};
    static final int[] HAND_PRED = {
        0, 4, 1, 1,
        0, 0, 1, 2,
        2, 0, 0, 1,
        2, X, 1, 1};

    static LabelMap map4x4(int[] ids) {
        byte[] b = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            b[i] = (byte) ids[i];
        }
        return new LabelMap(4, 4, b);
    }

    static ConfusionMatrix handCase() {
        ConfusionMatrix cm = new ConfusionMatrix(5);
        cm.accumulate(map4x4(HAND_GT), map4x4(HAND_PRED), "hand.png");
        return cm;
    }

    @Test
    void handCaseCountsEveryPairAndDropsIgnoredGt() {
        // (gt,pred) pairs, ignoring the three gt=255 pixels (whatever they predict):
        // gt0: (0,0)x3 [r0c0 r1c0 r1c1], (0,4)x1 [r0c1]
        // gt1: (1,1)x4 [r0c2 r0c3 r1c2 r3c3], (1,2)x1 [r1c3]
        // gt2: (2,2)x2 [r2c0 r3c0], (2,0)x1 [r2c1], (2,255)x1 [r3c1]
        ConfusionMatrix cm = handCase();
        long[] expected = new long[25];
        expected[0 * 5 + 0] = 3;
        expected[0 * 5 + 4] = 1;
        expected[1 * 5 + 1] = 4;
        expected[1 * 5 + 2] = 1;
        expected[2 * 5 + 2] = 2;
        expected[2 * 5 + 0] = 1;
        assertArrayEquals(expected, cm.matrix());
        assertEquals(1, cm.unpredicted(2));
        assertEquals(0, cm.unpredicted(0));
        assertEquals(13, cm.labeledPixels()); // 16 pixels - 3 ignored
    }

    @Test
    void predictionOf255OnLabeledPixelCountsAsWrong() {
        // gt [0,0,1,1], pred [0,255,1,1], K=2. mmseg: the 255 pixel adds to area_label(0), not to area_pred or
        // intersect, so class 0: intersect 1, union = pred 1 + label 2 - 1 = 2 -> IoU 50 (it would be 100 if 255 were
        // treated as "ignore"). Class 1: 2/2 -> 100.
        ConfusionMatrix cm = new ConfusionMatrix(2);
        cm.accumulate(new byte[] {0, 0, 1, 1}, new byte[] {0, (byte) 255, 1, 1}, 4);
        assertEquals(1, cm.count(0, 0));
        assertEquals(0, cm.count(0, 1));
        assertEquals(1, cm.unpredicted(0));
        SegmentationMetrics m = SegmentationMetrics.from(cm);
        assertEquals(50.0, m.iou(0), 0);
        assertEquals(100.0, m.iou(1), 0);
        assertEquals(50.0, m.acc(0), 0);
        assertEquals(75.0, m.aAcc(), 0); // 3 correct of 4 labeled
    }

    @Test
    void mergeEqualsAccumulatingBoth() {
        Random rnd = new Random(7);
        byte[][] gts = new byte[2][];
        byte[][] preds = new byte[2][];
        for (int j = 0; j < 2; j++) {
            gts[j] = randomIds(rnd, 1003, 6, 0.1);
            preds[j] = randomIds(rnd, 1003, 6, 0.05);
        }
        ConfusionMatrix both = new ConfusionMatrix(6);
        both.accumulate(gts[0], preds[0], 1003);
        both.accumulate(gts[1], preds[1], 1003);
        ConfusionMatrix a = new ConfusionMatrix(6);
        a.accumulate(gts[0], preds[0], 1003);
        ConfusionMatrix b = new ConfusionMatrix(6);
        b.accumulate(gts[1], preds[1], 1003);
        assertEquals(both, a.merge(b));
        assertEquals(both.labeledPixels(), a.labeledPixels());
        assertThrows(IllegalArgumentException.class, () -> a.merge(new ConfusionMatrix(5)));
    }

    @Test
    void sizeMismatchNamesTheFile() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        BadInputException e = assertThrows(BadInputException.class,
                () -> cm.accumulate(LabelMap.filled(4, 4, 0), LabelMap.filled(4, 3, 0), "val/a_gtFine_labelIds.png"));
        assertEquals("val/a_gtFine_labelIds.png", e.file());
        assertTrue(e.getMessage().contains("4x3") && e.getMessage().contains("4x4"), e.getMessage());
    }

    @Test
    void outOfRangeIdsNameValueAndFileAndLeaveMatrixUnchanged() {
        ConfusionMatrix cm = handCase();
        ConfusionMatrix before = handCase();
        LabelMap gt = map4x4(HAND_GT);
        LabelMap pred = map4x4(HAND_PRED);
        pred.set(2, 3, 7); // pixel 14 = (x2,y3): gt there is 255, still an error: 7 is no class of 5
        BadInputException e = assertThrows(BadInputException.class, () -> cm.accumulate(gt, pred, "p.png"));
        assertEquals("p.png", e.file());
        assertTrue(e.getMessage().contains("predicted id 7 at pixel 14"), e.getMessage());
        assertEquals(before, cm);

        LabelMap badGt = map4x4(HAND_GT);
        badGt.set(1, 0, 5);
        BadInputException g = assertThrows(BadInputException.class,
                () -> cm.accumulate(badGt, map4x4(HAND_PRED), "g.png"));
        assertTrue(g.getMessage().startsWith("g.png: ground-truth id 5 at pixel 1"), g.getMessage());
        assertEquals(before, cm);

        // Without a name: same message, plain IllegalArgumentException; the kernel reused afterwards still works.
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> cm.accumulate(badGt.ids(), pred.ids(), 16));
        assertTrue(r.getMessage().contains("ground-truth id 5"), r.getMessage());
        cm.accumulate(map4x4(HAND_GT), map4x4(HAND_PRED));
        assertEquals(before.merge(handCase()), cm);
    }

    @Test
    void fastKernelMatchesNaiveReferenceOnRandomPixels() {
        Random rnd = new Random(20240601);
        int k = 19;
        int n = 100_000;
        // Independent noise: almost every 8-pixel word takes the mixed path.
        checkAgainstNaive(randomIds(rnd, n, k, 0.1), randomIds(rnd, n, k, 0.03), n, k);
        // Runs of random length: exercises the uniform-word shortcut and its boundaries; n not a multiple of 8.
        int m = n - 3;
        byte[] gt = runs(rnd, m, k);
        byte[] pred = gt.clone();
        for (int i = 0; i < m; i++) {
            if (rnd.nextInt(50) == 0) {
                pred[i] = (byte) (rnd.nextInt(20) == 0 ? 255 : rnd.nextInt(k));
            }
        }
        checkAgainstNaive(gt, pred, m, k);
        // The largest K (255 classes, no room for anything but 255 outside them).
        checkAgainstNaive(randomIds(rnd, n, 255, 0.1), randomIds(rnd, n, 255, 0.1), n, 255);
    }

    private static void checkAgainstNaive(byte[] gt, byte[] pred, int n, int k) {
        long[] naive = new long[k * (k + 1)];
        long labeled = 0;
        for (int i = 0; i < n; i++) {
            int g = gt[i] & 0xFF;
            int p = pred[i] & 0xFF;
            if (g == 255) {
                continue;
            }
            naive[g * (k + 1) + (p == 255 ? k : p)]++;
            labeled++;
        }
        long[] fast = new long[ConfusionMatrix.rawLength(k)];
        assertEquals(labeled, ConfusionMatrix.accumulateRaw(gt, pred, n, k, fast));
        assertArrayEquals(naive, fast);
        // accumulateRaw adds to what is there; the instance path agrees.
        assertEquals(labeled, ConfusionMatrix.accumulateRaw(gt, pred, n, k, fast));
        ConfusionMatrix cm = new ConfusionMatrix(k);
        cm.accumulate(gt, pred, n);
        cm.accumulate(gt, pred, n);
        assertArrayEquals(fast, cm.rawCounts());
    }

    @Test
    void serializationRoundTripKeepsCounts() throws Exception {
        ConfusionMatrix cm = handCase();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(cm);
        }
        ConfusionMatrix back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (ConfusionMatrix) in.readObject();
        }
        assertEquals(cm, back);
        back.accumulate(map4x4(HAND_GT), map4x4(HAND_PRED)); // transient kernel is rebuilt
        assertEquals(26, back.labeledPixels());
        assertEquals(cm, ConfusionMatrix.ofRaw(5, cm.rawCounts()));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(0));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(256));
        assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.accumulateRaw(new byte[4], new byte[4], 4, 3, new long[9]));
        assertThrows(IllegalArgumentException.class,
                () -> new ConfusionMatrix(3).accumulate(new byte[4], new byte[3], 4));
    }

    static byte[] randomIds(Random rnd, int n, int k, double ignoreFraction) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (rnd.nextDouble() < ignoreFraction ? 255 : rnd.nextInt(k));
        }
        return b;
    }

    private static byte[] runs(Random rnd, int n, int k) {
        byte[] b = new byte[n];
        int i = 0;
        while (i < n) {
            int len = 1 + rnd.nextInt(40);
            byte id = (byte) (rnd.nextInt(10) == 0 ? 255 : rnd.nextInt(k));
            for (int j = 0; j < len && i < n; j++) {
                b[i++] = id;
            }
        }
        return b;
    }
}
