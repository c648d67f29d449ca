package org.gss.jobs.eval;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.DatasetReaders;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.layout.BadInputPolicy;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.layout.SampleRef;
import org.gss.report.Panel;
import org.gss.report.SkippedInput;
import org.gss.report.Thumbnails;

/**
 * Executor side of {@code gss evaluate}: scores one sample at a time into a partition's {@link PartitionScores}.
 * Per sample: ground truth through the layout's label mapping, the prediction from the predictor, a size check, the
 * universal → dataset mapping where configured, then one confusion update for the model and one for the image-blind
 * baseline. Everything that can reject the sample happens before the first update, so a skipped sample leaves no
 * partial counts. Layout readers and predictors are opened once per partition. Not thread-safe.
 */
final class SampleScorer implements AutoCloseable {
    private final Map<String, ResultPlan> plans;
    private final Configuration conf;
    private final BadInputPolicy policy;
    private final Map<String, DatasetLayout> layouts = new HashMap<>();
    private final Map<String, Predictor> predictors = new HashMap<>();

    SampleScorer(Map<String, ResultPlan> plans, Configuration conf, BadInputPolicy policy) {
        this.plans = plans;
        this.conf = conf;
        this.policy = policy;
    }

    /** Scores one sample; under {@link BadInputPolicy#SKIP} a bad one is listed instead of failing the job. */
    void score(EvalTask task, PartitionScores into) {
        ResultPlan plan = plans.get(task.key());
        SampleRef ref = task.sample().ref();
        try {
            DatasetLayout layout = layout(plan);
            LabelMap gt = layout.readTrainingLabels(ref, conf);
            PredictionInput input = new PredictionInput(ref.dataset(), ref.split(), ref.id(), ref.imageUri(), gt.width(),
                    gt.height(), () -> layout.readImage(ref, conf));
            Prediction prediction = predictor(plan).predict(input);
            LabelMap pred = prediction.labels();
            if (pred.width() != gt.width() || pred.height() != gt.height()) {
                throw new BadInputException(prediction.source(), "prediction is " + pred.width() + "x" + pred.height()
                        + " but ground truth " + ref.labelUri() + " is " + gt.width() + "x" + gt.height());
            }
            if (plan.mapping() != null) {
                pred = plan.mapping().apply(pred, prediction.source());
            }
            // the model update is all-or-nothing (out-of-range ids leave the matrix unchanged), so it goes first
            into.model(plan.key(), plan.numClasses()).accumulate(gt, pred, prediction.source());
            if (plan.prior() != null) {
                into.baseline(plan.key(), plan.numClasses()).accumulate(gt,
                        plan.prior().predict(gt.width(), gt.height()), "image-blind baseline");
            }
            into.images().merge(plan.key(), 1L, Long::sum);
            into.digests().add(new PartitionScores.Digest(plan.key(), ref.id(), prediction.sha256()));
            if (plan.panelIds().contains(ref.id())) {
                into.panels().add(new PartitionScores.KeyedPanel(plan.key(), panel(ref.id(), input.image(), gt, pred,
                        plan.panelWidth())));
            }
        } catch (BadInputException e) {
            if (policy == BadInputPolicy.FAIL) {
                throw e;
            }
            into.skipped().add(new SkippedInput(plan.key(), ref.split(), ref.id(), e.file(), e.getMessage()));
        }
    }

    static Panel panel(String id, RgbImage image, LabelMap gt, LabelMap pred, int maxWidth) {
        int[] size = Thumbnails.fit(gt.width(), gt.height(), maxWidth);
        RgbImage img = image.width() == gt.width() && image.height() == gt.height() ? image
                : org.gss.report.Thumbnails.image(image, gt.width(), gt.height());
        return Panel.of(id, Thumbnails.image(img, size[0], size[1]), Thumbnails.labels(gt, size[0], size[1]),
                Thumbnails.labels(pred, size[0], size[1]));
    }

    DatasetLayout layout(ResultPlan plan) {
        return layouts.computeIfAbsent(plan.key(), k -> DatasetReaders.open(plan.labels(), conf));
    }

    private Predictor predictor(ResultPlan plan) {
        return predictors.computeIfAbsent(plan.key(), k -> plan.predictor().open(conf));
    }

    @Override
    public void close() {
        for (Predictor p : predictors.values()) {
            p.close();
        }
        predictors.clear();
    }
}
