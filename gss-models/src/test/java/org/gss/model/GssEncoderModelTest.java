package org.gss.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.gss.model.optim.OptimConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class GssEncoderModelTest {

    private static final ModelConfig TINY = ModelConfig.tiny();

    @TempDir
    Path tmp;

    @BeforeAll
    static void threads() {
        GradientChecks.singleThreaded();
    }

    @Test
    void configurationsSurviveJsonRoundTrip() {
        for (ModelConfig cfg : new ModelConfig[] {TINY, ModelConfig.paper()}) {
            ComputationGraphConfiguration conf = GssEncoderModel.configuration(cfg, OptimConfig.cityscapes(),
                    DataType.FLOAT);
            String json = conf.toJson();
            ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
            assertEquals(conf, back, "depth " + cfg.depth());
            assertEquals(json, back.toJson());
        }
        // a worker that rebuilds the graph from JSON lays the parameters out identically
        ComputationGraphConfiguration conf = GssEncoderModel.configuration(TINY, OptimConfig.cityscapes(),
                DataType.FLOAT);
        ComputationGraph original = new ComputationGraph(conf);
        original.init();
        ComputationGraph rebuilt = new ComputationGraph(ComputationGraphConfiguration.fromJson(conf.toJson()));
        rebuilt.init(original.params().dup(), false);
        assertEquals(java.util.List.copyOf(original.paramTable().keySet()),
                java.util.List.copyOf(rebuilt.paramTable().keySet()));
        for (String k : original.paramTable().keySet()) {
            assertEquals(original.getParam(k), rebuilt.getParam(k), k);
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 48, 48);
        assertEquals(original.output(false, x)[0], rebuilt.output(false, x)[0]);
    }

    @Test
    void memorisesAFixedBatchAndSerialisesExactly() throws IOException {
        ComputationGraph g = GssEncoderModel.build(TINY, OptimConfig.cityscapes().withSchedule(1e-2, 40, 3),
                DataType.FLOAT);
        Batch b = batch(TINY, 2, 1);
        MultiDataSet ds = b.batch.toMultiDataSet(TINY.vocab(), TINY.numClasses());
        double first = GssEncoderModel.dataLoss(g, ds);
        for (int i = 0; i < 30; i++) {
            g.fit(ds);
        }
        double last = GssEncoderModel.dataLoss(g, ds);
        assertEquals(Math.log(TINY.vocab()) * 0.8 + Math.log(TINY.numClasses()) * 0.2, first, 0.05,
                "starts near chance: 0.8 ln V + 0.2 ln K");
        assertTrue(last < 0.6 * first, "loss " + first + " -> " + last);
        INDArray predicted = GssEncoderModel.predictTokens(g, b.images);
        INDArray valid = b.coverage.neq(EncoderBatch.ALL_UNLABELED).castTo(DataType.FLOAT);
        double accuracy = predicted.eq(b.tokens).castTo(DataType.FLOAT).mul(valid).sumNumber().doubleValue()
                / valid.sumNumber().doubleValue();
        assertTrue(accuracy >= 0.8, "token accuracy on labelled positions " + accuracy);

        File file = tmp.resolve("tiny.zip").toFile();
        ModelSerializer.writeModel(g, file, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(g.getConfiguration(), back.getConfiguration());
        INDArray[] o1 = g.output(false, b.images);
        INDArray[] o2 = back.output(false, b.images);
        assertEquals(o1[0], o2[0]);
        assertEquals(o1[1], o2[1]);
        // ComputationGraph.clone (what a trainer does before stopping Spark, around a DL4J 1.0.0-M2.1 defect) works too
        assertEquals(o1[0], g.clone().output(false, b.images)[0]);
        // the updater state and iteration count came along: one more step stays identical
        g.fit(ds);
        back.fit(ds);
        assertEquals(g.params(), back.params());
    }

    @Test
    void dataLossIsTheWeightedMeanOfBothMaskedCrossEntropies() {
        ComputationGraph g = GssEncoderModel.build(TINY, OptimConfig.cityscapes(), DataType.FLOAT);
        Batch b = batch(TINY, 2, 7);
        MultiDataSet ds = b.batch.toMultiDataSet(TINY.vocab(), TINY.numClasses());
        INDArray[] out = g.output(false, b.images);
        double tokenSum = 0;
        int tokenN = 0;
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < TINY.tokenGrid(); i++) {
                for (int j = 0; j < TINY.tokenGrid(); j++) {
                    if (b.coverage.getInt(n, i, j) != EncoderBatch.ALL_UNLABELED) {
                        tokenSum -= Math.log(out[0].getDouble(n, b.tokens.getInt(n, i, j), i, j));
                        tokenN++;
                    }
                }
            }
        }
        double pixelSum = 0;
        int pixelN = 0;
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < TINY.crop(); i++) {
                for (int j = 0; j < TINY.crop(); j++) {
                    int label = b.pixels.getInt(n, i, j);
                    if (label != EncoderBatch.IGNORE) {
                        pixelSum -= Math.log(out[1].getDouble(n, label, i, j));
                        pixelN++;
                    }
                }
            }
        }
        double want = 0.8 * tokenSum / tokenN + 0.2 * pixelSum / pixelN;
        assertEquals(want, GssEncoderModel.dataLoss(g, ds), 1e-4);
        assertTrue(tokenN < 2 * 36 && pixelN < 2 * 48 * 48, "some positions are masked");
    }

    @Test
    void predictsAtAnyImageSize() {
        ComputationGraph g = GssEncoderModel.build(TINY, OptimConfig.cityscapes(), DataType.FLOAT);
        INDArray image = Nd4j.rand(DataType.FLOAT, 1, 3, 40, 59);
        GssEncoderModel.Prediction p = GssEncoderModel.predict(g, image);
        assertArrayEquals(new long[] {1, 5, 8}, p.tokens().shape()); // ceil(59/8) = 8
        assertArrayEquals(new long[] {1, 40, 59}, p.pixels().shape());
        assertEquals(DataType.INT32, p.tokens().dataType());
        assertTrue(p.tokens().maxNumber().intValue() < TINY.vocab());
        assertTrue(p.pixels().maxNumber().intValue() < TINY.numClasses());
    }

    @Test
    void parameterCountsOfTinyAndPaper() {
        ComputationGraph g = GssEncoderModel.build(TINY, OptimConfig.cityscapes(), DataType.FLOAT);
        assertEquals(g.numParams(), GssEncoderModel.parameterCount(g.getConfiguration()));

        ComputationGraphConfiguration paper = GssEncoderModel.configuration(ModelConfig.paper(),
                OptimConfig.cityscapes(), DataType.FLOAT);
        long backbone = 42_519_392; // ResNet-101 v1c, see ResNetV1cTest
        // the reference head: per-level convs to channels = 384 in both branches, MLA fusion 4·384 -> 512
        long perLevel = (256 + 512 + 1024 + 2048) * 384L + 4 * 2 * 384;
        long fusion = 4 * 384 * 512L + 2 * 512;
        long swin = 2 * 512 + (3 * 512 * 512 + 3 * 512) + 13 * 13 * 16 + (512 * 512 + 512) + 2 * 512
                + (512 * 1024 + 1024) + (1024 * 512 + 512);
        long tokenHead = 2 * 512 + (512 * 2048L + 2 * 2048) + (2048 * 8192L + 8192);
        long aux = (256 + 512 + 1024 + 2048) * 384L + 4 * 2 * 384 + (4 * 384 * 384 + 2 * 384) + (384 * 19 + 19);
        assertEquals(backbone + perLevel + fusion + 6 * swin + tokenHead + aux,
                GssEncoderModel.trainableParameterCount(paper));
        System.out.printf("parameters: paper %,d total, %,d trainable (MLA %,d, token head %,d, aux %,d);"
                + " tiny %,d total, %,d trainable%n", GssEncoderModel.parameterCount(paper),
                GssEncoderModel.trainableParameterCount(paper), perLevel + fusion + 6 * swin + 2 * 512, tokenHead - 2 * 512,
                aux, GssEncoderModel.parameterCount(g.getConfiguration()),
                GssEncoderModel.trainableParameterCount(g.getConfiguration()));
    }

    /** A batch of random images, tokens, coverage (with fully unlabelled patches) and labels (with ignore). */
    record Batch(EncoderBatch batch, INDArray images, INDArray tokens, INDArray coverage, INDArray pixels) {
    }

    static Batch batch(ModelConfig cfg, int mb, long seed) {
        Nd4j.getRandom().setSeed(seed);
        int h = cfg.tokenGrid();
        INDArray images = Nd4j.randn(DataType.FLOAT, mb, 3, cfg.crop(), cfg.crop());
        INDArray tokens = Nd4j.rand(DataType.FLOAT, mb, h, h).muli(cfg.vocab()).castTo(DataType.INT32);
        INDArray coverage = Nd4j.zeros(DataType.INT32, mb, h, h);
        coverage.putScalar(new long[] {0, 0, 0}, EncoderBatch.ALL_UNLABELED);
        coverage.putScalar(new long[] {1, 2, 3}, EncoderBatch.ALL_UNLABELED);
        coverage.putScalar(new long[] {1, 1, 1}, EncoderBatch.PARTLY_LABELED);
        INDArray pixels = Nd4j.rand(DataType.FLOAT, mb, cfg.crop(), cfg.crop()).muli(cfg.numClasses())
                .castTo(DataType.INT32);
        for (int i = 0; i < 8; i++) {
            pixels.putScalar(new long[] {0, i, 0}, EncoderBatch.IGNORE);
        }
        return new Batch(new EncoderBatch(images, tokens, coverage, pixels), images, tokens, coverage, pixels);
    }
}
