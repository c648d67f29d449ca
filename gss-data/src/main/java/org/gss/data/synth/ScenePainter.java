package org.gss.data.synth;

import java.util.SplittableRandom;
import org.gss.data.image.RgbImage;

/**
 * Turns a composition into pixels: per class a base colour and texture, per object a small colour jitter, per image a
 * global gain/offset and a gentle linear gradient (lighting), then the domain's cast, brightness, contrast and noise.
 * Colour alone therefore tells the classes apart well but not perfectly.
 */
final class ScenePainter {
    /** Standard deviation of (u1 + u2 - 255) / 255 for independent bytes u1, u2 (triangular noise). */
    private static final double TRIANGULAR_SD = 0.40825;

    private ScenePainter() {
    }

    static RgbImage paint(SceneComposer.Composition comp, int numClasses, DomainStyle style, long seed) {
        int w = comp.width();
        int h = comp.height();
        ClassAppearance[] looks = new ClassAppearance[numClasses];
        for (int k = 0; k < numClasses; k++) {
            looks[k] = ClassAppearance.forClass(k);
        }
        SplittableRandom r = new SplittableRandom(Seeds.derive(seed, 1));
        double gain = 0.7 + 0.6 * r.nextDouble();
        double offset = -28 + 56 * r.nextDouble();
        double gradAmp = 45 * r.nextDouble();
        double gradAngle = 2 * Math.PI * r.nextDouble();
        double gx = gradAmp * StrictMath.cos(gradAngle) / Math.max(w, h);
        double gy = gradAmp * StrictMath.sin(gradAngle) / Math.max(w, h);
        // shifting the texture origin per image keeps patterns from sitting at the same pixels in every image
        double shiftX = 1000 * r.nextDouble();
        double shiftY = 1000 * r.nextDouble();
        double[] jitter = new double[comp.instanceCount() * 3];
        for (int i = 0; i < jitter.length; i++) {
            jitter[i] = -20 + 40 * r.nextDouble();
        }
        SplittableRandom noise = new SplittableRandom(Seeds.derive(seed, 2));
        double noiseScale = style.noiseSigma() / TRIANGULAR_SD / 255.0;
        int[] classes = comp.classes();
        int[] instances = comp.instances();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                ClassAppearance look = looks[classes[i]];
                double tex = look.amplitude() * look.textureAt(x + shiftX, y + shiftY, style.textureScale());
                double light = (x - w / 2.0) * gx + (y - h / 2.0) * gy;
                long bits = noise.nextLong();
                for (int c = 0; c < 3; c++) {
                    double v = look.channel(c) + jitter[instances[i] * 3 + c] + tex;
                    v = v * gain + offset + light;
                    v = ((v - 128) * style.contrast() + 128 + style.brightness()) * style.gain(c);
                    int u1 = (int) (bits >>> (16 * c)) & 0xFF;
                    int u2 = (int) (bits >>> (16 * c + 8)) & 0xFF;
                    v += (u1 + u2 - 255) * noiseScale;
                    rgb[i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }
}
