package org.gss.tokenizer.vq;

import java.util.List;

import org.gss.data.image.LabelMap;
import org.gss.maskige.Palette;
import org.gss.tokenizer.PixelMapping;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training graph's inputs for equally sized square label maps, NHWC: the maskige through map_pixels ({@code x}),
 * the maskige itself ({@code target}, colour/255), the per-pixel loss weight ({@code mask}: the class's weight, 0 for
 * ignore pixels, which still show the palette's ignore colour in the input) and the one-hot class of every pixel scaled
 * by the same weight.
 */
record MaskigeBatch(INDArray x, INDArray target, INDArray mask, INDArray oneHot) {

    /** @param classWeights loss weight of each class (length K) */
    static MaskigeBatch of(List<LabelMap> maps, Palette palette, float[] classWeights, DataType dt) {
        int n = maps.size();
        int h = maps.get(0).height();
        int w = maps.get(0).width();
        int k = palette.numClasses();
        int pixels = n * h * w;
        float[] x = new float[pixels * 3];
        float[] target = new float[pixels * 3];
        float[] mask = new float[pixels];
        float[] oneHot = new float[pixels * k];
        float eps = PixelMapping.EPS;
        for (int b = 0; b < n; b++) {
            LabelMap m = maps.get(b);
            if (m.width() != w || m.height() != h) {
                throw new IllegalArgumentException("batch maps differ in size");
            }
            for (int i = 0; i < h * w; i++) {
                int p = b * h * w + i;
                int id = m.at(i);
                int[] c = palette.colour(id);
                for (int j = 0; j < 3; j++) {
                    float v = c[j] / 255f;
                    target[3 * p + j] = v;
                    x[3 * p + j] = (1 - 2 * eps) * v + eps;
                }
                if (id != LabelMap.IGNORE) {
                    mask[p] = classWeights[id];
                    oneHot[p * k + id] = classWeights[id];
                }
            }
        }
        return new MaskigeBatch(Nd4j.create(x, new long[] {n, h, w, 3}, 'c').castTo(dt),
                Nd4j.create(target, new long[] {n, h, w, 3}, 'c').castTo(dt),
                Nd4j.create(mask, new long[] {n, h, w, 1}, 'c').castTo(dt),
                Nd4j.create(oneHot, new long[] {pixels, k}, 'c').castTo(dt));
    }
}
