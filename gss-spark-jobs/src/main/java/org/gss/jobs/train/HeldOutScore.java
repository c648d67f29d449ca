package org.gss.jobs.train;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.data.augment.TrainingSample;
import org.gss.data.view.TokenCoverage;
import org.gss.data.view.TokenGrid;
import org.gss.model.GssEncoderModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Token CE, pixel CE and token accuracy of the network on fixed held-out crops, and the accuracy of always predicting
 * the most frequent target token (the image-blind baseline for token accuracy). Positions whose patch is entirely
 * unlabeled and ignore pixels are left out, as in the training loss.
 */
record HeldOutScore(double tokenCe, double pixelCe, double tokenAccuracy, double majorityTokenAccuracy) {

    static HeldOutScore of(ComputationGraph net, List<TrainingSample> crops, TokenGrid grid) {
        var batch = BatchFactory.toBatch(crops, grid);
        INDArray[] out = net.output(false, batch.images());
        List<String> names = net.getConfiguration().getNetworkOutputs();
        INDArray tok = out[names.indexOf(GssEncoderModel.TOKENS)].castTo(DataType.DOUBLE);
        INDArray pix = out[names.indexOf(GssEncoderModel.PIXELS)].castTo(DataType.DOUBLE);
        int n = crops.size();
        int gh = (int) tok.size(2);
        int gw = (int) tok.size(3);
        int v = (int) tok.size(1);
        double ce = 0;
        long valid = 0;
        long correct = 0;
        int[] freq = new int[v];
        for (int i = 0; i < n; i++) {
            TrainingSample s = crops.get(i);
            for (int y = 0; y < gh; y++) {
                for (int x = 0; x < gw; x++) {
                    int j = y * gw + x;
                    if (s.coverage()[j] == TokenCoverage.UNLABELED) {
                        continue;
                    }
                    int target = s.tokens()[j];
                    ce -= Math.log(Math.max(1e-12, tok.getDouble(i, target, y, x)));
                    int best = 0;
                    double bestP = -1;
                    for (int k = 0; k < v; k++) {
                        double p = tok.getDouble(i, k, y, x);
                        if (p > bestP) {
                            bestP = p;
                            best = k;
                        }
                    }
                    correct += best == target ? 1 : 0;
                    freq[target]++;
                    valid++;
                }
            }
        }
        int h = (int) pix.size(2);
        int w = (int) pix.size(3);
        double pce = 0;
        long pvalid = 0;
        for (int i = 0; i < n; i++) {
            byte[] labels = crops.get(i).labels();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int c = labels[y * w + x] & 0xFF;
                    if (c == 255) {
                        continue;
                    }
                    pce -= Math.log(Math.max(1e-12, pix.getDouble(i, c, y, x)));
                    pvalid++;
                }
            }
        }
        int maxFreq = 0;
        for (int f : freq) {
            maxFreq = Math.max(maxFreq, f);
        }
        return new HeldOutScore(ce / Math.max(1, valid), pce / Math.max(1, pvalid),
                100.0 * correct / Math.max(1, valid), 100.0 * maxFreq / Math.max(1, valid));
    }
}
