package org.gss.jobs.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.config.GssConfig;
import org.gss.data.DatasetReaders;
import org.gss.data.DatasetSettings;
import org.gss.data.augment.Normalization;
import org.gss.data.augment.SampleAssembler;
import org.gss.data.image.LabelMap;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.layout.SampleRef;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.LabelOps;
import org.gss.data.view.TokenCoverage;
import org.gss.data.view.ViewGeometry;
import org.gss.maskige.MaskigeSettings;
import org.gss.model.GssEncoderModel;
import org.gss.tokenizer.MaskigeCodec;
import org.gss.tokenizer.config.TokenizerSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The test's own held-out set for token prediction, built without the trainer's code: whole held-out images (the
 * unscaled, unflipped view), their token targets from encoding the whole label map with the tokenizer, and the
 * positions that count (patch not entirely unlabeled). Scores a network on it and computes the image-blind baseline:
 * always predicting the held-out targets' most frequent token.
 */
final class WholeImageTokens {
    record Score(double tokenCe, double tokenAccuracy) {
    }

    final int positions;
    final double majorityAccuracy;
    private final INDArray images;
    private final int[][] tokens;
    private final byte[][] coverage;

    private WholeImageTokens(INDArray images, int[][] tokens, byte[][] coverage, int vocab) {
        this.images = images;
        this.tokens = tokens;
        this.coverage = coverage;
        int[] freq = new int[vocab];
        int n = 0;
        for (int i = 0; i < tokens.length; i++) {
            for (int j = 0; j < tokens[i].length; j++) {
                if (coverage[i][j] != TokenCoverage.UNLABELED) {
                    freq[tokens[i][j]]++;
                    n++;
                }
            }
        }
        int max = 0;
        for (int f : freq) {
            max = Math.max(max, f);
        }
        this.positions = n;
        this.majorityAccuracy = 100.0 * max / n;
    }

    static WholeImageTokens of(GssConfig cfg, List<ManifestEntry> heldOut, Configuration conf) {
        DatasetLayout layout = DatasetReaders.open(DatasetSettings.from(cfg), conf);
        MaskigeSettings ms = MaskigeSettings.from(cfg);
        var palette = ms.createPalette();
        TokenizerSettings ts = TokenizerSettings.from(cfg);
        var tokenizer = ts.open();
        MaskigeCodec codec = new MaskigeCodec(palette, tokenizer, ms.createInverse(palette));
        var base = cfg.root().getIntList("gss.train.base-size");
        ViewGeometry geometry = new ViewGeometry(base.get(0), base.get(1), 8);
        AugmentationView view = new AugmentationView(1.0, false);
        SampleAssembler views = new SampleAssembler(geometry, 8, 1.0, false);
        List<float[]> chw = new ArrayList<>();
        int[][] tokens = new int[heldOut.size()][];
        byte[][] coverage = new byte[heldOut.size()][];
        int w = -1;
        int h = -1;
        for (int i = 0; i < heldOut.size(); i++) {
            ManifestEntry e = heldOut.get(i);
            SampleRef ref = new SampleRef(e.dataset(), e.split(), e.sampleId(), e.imageUri(), e.labelUri());
            var image = views.viewImage(layout.readImage(ref, conf), view);
            LabelMap labels = LabelOps.view(layout.readTrainingLabels(ref, conf), geometry, view);
            if (w >= 0 && (image.width() != w || image.height() != h)) {
                throw new IllegalStateException("held-out images differ in size");
            }
            w = image.width();
            h = image.height();
            float[] x = new float[3 * w * h];
            Normalization.toChw(image, x, 0);
            chw.add(x);
            INDArray t = codec.encode(labels);
            tokens[i] = t.castTo(DataType.INT32).dup('c').data().asInt();
            coverage[i] = TokenCoverage.of(labels, 8);
        }
        float[] all = new float[chw.size() * 3 * w * h];
        for (int i = 0; i < chw.size(); i++) {
            System.arraycopy(chw.get(i), 0, all, i * 3 * w * h, 3 * w * h);
        }
        INDArray images = Nd4j.create(all, new long[] {chw.size(), 3, h, w}, 'c');
        return new WholeImageTokens(images, tokens, coverage, tokenizer.vocabularySize());
    }

    /** Mean token cross-entropy (nats) and argmax accuracy (%) over the counted positions. */
    Score score(ComputationGraph net) {
        INDArray[] out = net.output(false, images);
        int t = net.getConfiguration().getNetworkOutputs().indexOf(GssEncoderModel.TOKENS);
        INDArray p = out[t].castTo(DataType.DOUBLE);
        int v = (int) p.size(1);
        int gw = (int) p.size(3);
        double ce = 0;
        long correct = 0;
        long n = 0;
        for (int i = 0; i < tokens.length; i++) {
            INDArray probs = p.slice(i).reshape(v, -1); // [V, positions] row-major over the grid
            INDArray argmax = probs.argMax(0);
            for (int j = 0; j < tokens[i].length; j++) {
                if (coverage[i][j] == TokenCoverage.UNLABELED) {
                    continue;
                }
                ce -= Math.log(Math.max(1e-12, probs.getDouble(tokens[i][j], j)));
                correct += argmax.getInt(j) == tokens[i][j] ? 1 : 0;
                n++;
            }
        }
        if (gw * p.size(2) != tokens[0].length) {
            throw new IllegalStateException("token grid " + p.size(2) + "x" + gw + " vs " + tokens[0].length);
        }
        return new Score(ce / n, 100.0 * correct / n);
    }
}
