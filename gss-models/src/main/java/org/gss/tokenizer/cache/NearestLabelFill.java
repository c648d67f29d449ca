package org.gss.tokenizer.cache;

import java.io.Serializable;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;

/**
 * A deterministic pseudo-label fill that needs no model: every unlabeled pixel takes the class of the nearest labeled
 * pixel in city-block (4-neighbour) distance, found by one breadth-first sweep from all labeled pixels at once; ties go
 * to the labeled pixel that comes first in row-major order among those reached first (the sweep's queue order). A map
 * with no labeled pixel is returned unchanged. Selected with {@code --pseudo-labels nearest}; useful on its own (it
 * extends class regions into unannotated gaps, as annotators' boundary bands are) and as the stand-in that tests the
 * pseudo-label refresh before a Stage II checkpoint exists.
 */
public final class NearestLabelFill implements PseudoLabeler, Serializable {
    private static final long serialVersionUID = 1L;
    /** The spec that selects this fill on the command line. */
    public static final String NAME = "nearest";

    @Override
    public String source() {
        return "nearest-labeled-pixel/1";
    }

    @Override
    public boolean usesImage() {
        return false;
    }

    @Override
    public LabelMap fill(RgbImage image, LabelMap labels) {
        int w = labels.width();
        int n = labels.size();
        byte[] out = labels.ids().clone();
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            if ((out[i] & 0xFF) != LabelMap.IGNORE) {
                done[i] = true;
                queue[tail++] = i;
            }
        }
        if (tail == 0 || tail == n) {
            return tail == n ? labels : new LabelMap(w, labels.height(), out);
        }
        while (head < tail) {
            int p = queue[head++];
            int x = p % w;
            byte id = out[p];
            // fixed neighbour order: up, left, right, down
            if (p >= w && !done[p - w]) {
                tail = visit(p - w, id, out, done, queue, tail);
            }
            if (x > 0 && !done[p - 1]) {
                tail = visit(p - 1, id, out, done, queue, tail);
            }
            if (x < w - 1 && !done[p + 1]) {
                tail = visit(p + 1, id, out, done, queue, tail);
            }
            if (p + w < n && !done[p + w]) {
                tail = visit(p + w, id, out, done, queue, tail);
            }
        }
        return new LabelMap(w, labels.height(), out);
    }

    private static int visit(int q, byte id, byte[] out, boolean[] done, int[] queue, int tail) {
        done[q] = true;
        out[q] = id;
        queue[tail] = q;
        return tail + 1;
    }
}
