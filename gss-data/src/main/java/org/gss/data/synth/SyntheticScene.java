package org.gss.data.synth;

import java.util.SplittableRandom;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;

/**
 * One synthetic (image, label) pair in memory, labels in the training id space (0..K-1, 255 = unlabeled). Same
 * settings and seed give the same pixels on every JVM (StrictMath and SplittableRandom only, nothing time-dependent).
 */
public final class SyntheticScene {
    /**
     * @param image      the rendered RGB image
     * @param labels     training ids with the unlabeled pixels set to 255
     * @param fullLabels the class actually drawn at every pixel, including those marked unlabeled in {@code labels}
     */
    public record Sample(RgbImage image, LabelMap labels, LabelMap fullLabels) {
    }

    private SyntheticScene() {
    }

    /** A scene with generic class roles and the neutral style. */
    public static Sample render(int width, int height, int numClasses, double unlabeledShare, long seed) {
        return render(SceneSettings.of(width, height, numClasses, unlabeledShare), seed);
    }

    public static Sample render(SceneSettings settings, long seed) {
        int w = settings.width();
        int h = settings.height();
        SceneComposer.Composition comp = SceneComposer.compose(w, h, settings.roles(), settings.style(), settings.detailScale(),
                new SplittableRandom(Seeds.derive(seed, 1)));
        RgbImage image = ScenePainter.paint(comp, settings.numClasses(), settings.style(), Seeds.derive(seed, 2));
        boolean[] unlabeled = UnlabeledMask.choose(comp.classes(), w, h, settings.unlabeledShare(),
                Seeds.derive(seed, 3));
        int[] classes = comp.classes();
        byte[] full = new byte[w * h];
        byte[] labels = new byte[w * h];
        for (int i = 0; i < full.length; i++) {
            full[i] = (byte) classes[i];
            labels[i] = unlabeled[i] ? (byte) LabelMap.IGNORE : (byte) classes[i];
        }
        return new Sample(image, new LabelMap(w, h, labels), new LabelMap(w, h, full));
    }
}
