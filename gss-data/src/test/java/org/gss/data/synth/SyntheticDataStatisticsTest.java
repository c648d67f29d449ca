package org.gss.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Properties of written datasets that make them useful for training: class coverage, unlabeled share, learnability. */
class SyntheticDataStatisticsTest {
    @TempDir
    Path tmp;

    @Test
    void cityscapesSplitHasEveryClassTheConfiguredUnlabeledShareAndIsLearnable() throws IOException {
        SynthSpec spec = SynthSpec.defaults(SynthLayout.CITYSCAPES).withCounts(20, 10).withNumClasses(8);
        long start = System.nanoTime();
        SynthSummary summary = SyntheticDatasetWriter.write(spec, tmp);
        double seconds = (System.nanoTime() - start) / 1e9;
        // loose bound: only catches pathological slowness on a busy machine (typically well under a second)
        assertTrue(seconds < 15, "writing 30 images of 256x128 took " + seconds + " s");

        long[] trainCounts = new long[256];
        double unlabeledSum = 0;
        for (SynthSample s : summary.samples()) {
            LabelMap ids = SynthTestFiles.label(tmp, s.labelPath());
            long unlabeled = 0;
            for (int i = 0; i < ids.size(); i++) {
                unlabeled += ids.at(i) == 0 ? 1 : 0;
                if (s.split() == SynthSplit.TRAIN) {
                    trainCounts[ids.at(i)]++;
                }
            }
            unlabeledSum += (double) unlabeled / ids.size();
        }
        double meanUnlabeled = unlabeledSum / summary.samples().size();
        assertEquals(0.05, meanUnlabeled, 0.02, "mean share of label id 0");
        for (int labelId : new int[] {7, 8, 11, 12, 13, 17, 19, 20}) {
            assertTrue(trainCounts[labelId] > 0, "label id " + labelId + " appears in train");
        }

        Learnability l = Learnability.of(tmp, summary.samples(), 8, id -> id == 0 ? -1 : trainIdOf(id));
        assertTrue(l.nearestMeanAccuracy > l.majorityAccuracy + 0.25,
                "nearest-class-mean colour accuracy " + l.nearestMeanAccuracy + " vs majority " + l.majorityAccuracy);
    }

    @Test
    void ade20kJpegImagesAreLearnable() throws IOException {
        SynthSpec spec = SynthSpec.defaults(SynthLayout.ADE20K).withSize(128, 96).withCounts(12, 6).withNumClasses(8);
        SynthSummary summary = SyntheticDatasetWriter.write(spec, tmp);
        Learnability l = Learnability.of(tmp, summary.samples(), 8, raw -> raw - 1);
        assertTrue(l.nearestMeanAccuracy > l.majorityAccuracy + 0.25,
                "nearest-class-mean colour accuracy " + l.nearestMeanAccuracy + " vs majority " + l.majorityAccuracy);
    }

    @Test
    void msegDomainsLookDifferentButShareClasses() throws IOException {
        SynthSpec spec = SynthSpec.defaults(SynthLayout.MSEG).withSize(128, 96).withCounts(10, 0).withNumClasses(8);
        SynthSummary summary = SyntheticDatasetWriter.write(spec, tmp);
        List<String> domains = spec.domains();
        double[][] meanRgb = new double[domains.size()][3];
        double[] unlabeled = new double[domains.size()];
        for (int d = 0; d < domains.size(); d++) {
            String domain = domains.get(d);
            long[] classCounts = new long[256];
            long pixels = 0;
            for (SynthSample s : summary.samples()) {
                if (!s.domain().equals(domain)) {
                    continue;
                }
                RgbImage img = SynthTestFiles.image(tmp, s.imagePath());
                LabelMap l = SynthTestFiles.label(tmp, s.labelPath());
                for (int i = 0; i < l.size(); i++) {
                    classCounts[l.at(i)]++;
                    for (int c = 0; c < 3; c++) {
                        meanRgb[d][c] += img.rgb()[i * 3 + c] & 0xFF;
                    }
                }
                pixels += l.size();
            }
            for (int c = 0; c < 3; c++) {
                meanRgb[d][c] /= pixels;
            }
            unlabeled[d] = (double) classCounts[255] / pixels;
            for (int k = 0; k < 8; k++) {
                assertTrue(classCounts[k] > 0, "class " + k + " appears in domain " + domain);
            }
            assertEquals(0.05, unlabeled[d], 0.02, "unlabeled share in " + domain);
        }
        for (int a = 0; a < domains.size(); a++) {
            for (int b = a + 1; b < domains.size(); b++) {
                double dist = 0;
                for (int c = 0; c < 3; c++) {
                    dist += (meanRgb[a][c] - meanRgb[b][c]) * (meanRgb[a][c] - meanRgb[b][c]);
                }
                dist = Math.sqrt(dist);
                double brightness = Math.abs(luma(meanRgb[a]) - luma(meanRgb[b]));
                assertTrue(dist > 25, "mean colour of " + domains.get(a) + " vs " + domains.get(b) + ": " + dist);
                assertTrue(brightness > 15, "mean brightness of " + domains.get(a) + " vs " + domains.get(b) + ": "
                        + brightness);
            }
        }
    }

    private static double luma(double[] rgb) {
        return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
    }

    private static int trainIdOf(int labelId) {
        int[] table = {7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33};
        for (int i = 0; i < table.length; i++) {
            if (table[i] == labelId) {
                return i;
            }
        }
        throw new AssertionError("unexpected label id " + labelId);
    }

    /**
     * A nearest-class-mean colour classifier fitted on the train split and scored on val, against always predicting
     * the most frequent train class. Unlabeled pixels (mapped to -1) are left out of both.
     */
    private record Learnability(double nearestMeanAccuracy, double majorityAccuracy) {
        static Learnability of(Path root, List<SynthSample> samples, int k,
                java.util.function.IntUnaryOperator toClass) {
            double[][] sum = new double[k][3];
            long[] count = new long[k];
            for (SynthSample s : samples) {
                if (s.split() != SynthSplit.TRAIN) {
                    continue;
                }
                RgbImage img = SynthTestFiles.image(root, s.imagePath());
                LabelMap l = SynthTestFiles.label(root, s.labelPath());
                for (int i = 0; i < l.size(); i++) {
                    int c = toClass.applyAsInt(l.at(i));
                    if (c >= 0) {
                        count[c]++;
                        for (int ch = 0; ch < 3; ch++) {
                            sum[c][ch] += img.rgb()[i * 3 + ch] & 0xFF;
                        }
                    }
                }
            }
            int majority = 0;
            for (int c = 0; c < k; c++) {
                majority = count[c] > count[majority] ? c : majority;
                for (int ch = 0; ch < 3; ch++) {
                    sum[c][ch] /= Math.max(1, count[c]);
                }
            }
            long correct = 0;
            long majorityCorrect = 0;
            long total = 0;
            for (SynthSample s : samples) {
                if (s.split() != SynthSplit.VAL) {
                    continue;
                }
                RgbImage img = SynthTestFiles.image(root, s.imagePath());
                LabelMap l = SynthTestFiles.label(root, s.labelPath());
                for (int i = 0; i < l.size(); i++) {
                    int truth = toClass.applyAsInt(l.at(i));
                    if (truth < 0) {
                        continue;
                    }
                    int best = 0;
                    double bestD = Double.MAX_VALUE;
                    for (int c = 0; c < k; c++) {
                        double d = 0;
                        for (int ch = 0; ch < 3; ch++) {
                            double diff = (img.rgb()[i * 3 + ch] & 0xFF) - sum[c][ch];
                            d += diff * diff;
                        }
                        if (count[c] > 0 && d < bestD) {
                            bestD = d;
                            best = c;
                        }
                    }
                    correct += best == truth ? 1 : 0;
                    majorityCorrect += truth == majority ? 1 : 0;
                    total++;
                }
            }
            System.out.printf("nearest-class-mean accuracy %.3f, majority %.3f%n", (double) correct / total,
                    (double) majorityCorrect / total);
            return new Learnability((double) correct / total, (double) majorityCorrect / total);
        }
    }
}
