package org.gss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.data.augment.TrainingSample;
import org.gss.data.image.LabelMap;
import org.gss.model.GssEncoderModel;
import org.gss.model.ModelConfig;
import org.gss.model.optim.OptimConfig;
import org.gss.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Online targets fill unlabeled pixels with the broadcast network's auxiliary argmax, and only those. */
class OnlineAuxFillTest {
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(1);

    @Test
    void unlabeledPixelsTakeTheAuxiliaryArgmaxOfTheRoundsParameters() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
        ModelConfig cfg = ModelConfig.tiny();
        ComputationGraph net = GssEncoderModel.build(cfg, OptimConfig.cityscapes(), DataType.FLOAT);
        int w = 32;
        int h = 16;
        SplittableRandom rnd = new SplittableRandom(5);
        float[] image = new float[3 * w * h];
        byte[] labels = new byte[w * h];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % 7 == 0 ? LabelMap.IGNORE : rnd.nextInt(cfg.numClasses()));
        }
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) rnd.nextGaussian();
        }
        TrainingSample crop = new TrainingSample(w, h, image, labels, null, null);

        OnlineAuxFill fill = new OnlineAuxFill(net.getConfiguration().toJson(),
                jsc.broadcast(OnlineAuxFill.parametersOf(net)));
        int[] expected = GssEncoderModel.predictPixels(net, Nd4j.create(image, new long[] {1, 3, h, w}, 'c'))
                .castTo(DataType.INT32).dup('c').data().asInt();
        LabelMap filled = fill.fill(crop);
        for (int i = 0; i < labels.length; i++) {
            assertEquals(i % 7 == 0 ? expected[i] : labels[i], filled.ids()[i], "pixel " + i);
        }

        // the next round's parameters replace the thread's network
        net.setParams(net.params().mul(-1.5));
        OnlineAuxFill next = new OnlineAuxFill(net.getConfiguration().toJson(),
                jsc.broadcast(OnlineAuxFill.parametersOf(net)));
        int[] expectedNext = GssEncoderModel.predictPixels(net, Nd4j.create(image, new long[] {1, 3, h, w}, 'c'))
                .castTo(DataType.INT32).dup('c').data().asInt();
        LabelMap filledNext = next.fill(crop);
        int changed = 0;
        for (int i = 0; i < labels.length; i += 7) {
            assertEquals(expectedNext[i], filledNext.ids()[i], "pixel " + i);
            changed += expectedNext[i] != expected[i] ? 1 : 0;
        }
        assertNotEquals(0, changed, "the scaled network predicts something else somewhere");

        // a fully labeled crop is returned as it is
        byte[] full = labels.clone();
        for (int i = 0; i < full.length; i += 7) {
            full[i] = 1;
        }
        assertArrayEquals(full, next.fill(new TrainingSample(w, h, image, full, null, null)).ids());
    }
}
