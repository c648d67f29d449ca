package org.gss.jobs.eval;

import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.ConfinedPaths;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.manifest.SampleInspector;

/**
 * Predictions that already exist as 8-bit label PNGs (grey or palette-indexed; the value/index is the class id) in a
 * folder, one per image, named by a template over the sample: {@code {domain}}, {@code {split}}, {@code {id}} (e.g.
 * {@code {domain}/{id}.png}, or {@code {id}_gtFine_labelTrainIds.png} for Cityscapes-style files). A missing file is
 * an error naming the path that was expected.
 */
public final class PngFolderPredictor implements Predictor {
    private final String folder;
    private final String template;
    private final Configuration conf;

    public PngFolderPredictor(String folder, String template, Configuration conf) {
        this.folder = folder;
        this.template = template;
        this.conf = conf;
    }

    /** The template with a sample's fields filled in; {@code {domain}/} is dropped when the domain is empty. */
    public static String fileName(String template, String domain, String split, String id) {
        String t = domain.isEmpty() ? template.replace("{domain}/", "") : template;
        return t.replace("{domain}", domain).replace("{split}", split).replace("{id}", id);
    }

    /** Checks a template names each sample uniquely (it must use {id}). */
    public static void checkTemplate(String template) {
        if (!template.contains("{id}")) {
            throw new IllegalArgumentException("prediction file name template '" + template + "' must contain {id}");
        }
    }

    /** Where the prediction of a sample is expected. */
    public String location(PredictionInput in) {
        // the id comes from input: the file it names must lie inside the predictions folder
        return ConfinedPaths.resolveInside(folder, fileName(template, in.domain(), in.split(), in.id()), folder,
                "prediction for sample id '" + ConfinedPaths.printable(in.id()) + "'");
    }

    @Override
    public Prediction predict(PredictionInput in) {
        String file = location(in);
        byte[] bytes;
        try {
            bytes = HadoopFiles.readAllBytes(file, conf);
        } catch (BadInputException e) {
            throw new BadInputException(file, "prediction file missing or unreadable for sample '" + in.id() + "'"
                    + (in.domain().isEmpty() ? "" : " of " + in.domain()) + " (" + e.getMessage() + ")", e);
        }
        LabelMap labels = ImageCodec.decodeLabel(bytes, file);
        if (labels.width() != in.width() || labels.height() != in.height()) {
            throw new BadInputException(file, "prediction is " + labels.width() + "x" + labels.height()
                    + " but the image (and its ground truth) is " + in.width() + "x" + in.height());
        }
        return new Prediction(labels, file, SampleInspector.sha256(bytes));
    }

    /** The serializable recipe. */
    public record Factory(String folder, String template) implements PredictorFactory {
        public Factory {
            checkTemplate(template);
        }

        @Override
        public Predictor open(Configuration hadoop) {
            return new PngFolderPredictor(folder, template, hadoop);
        }

        @Override
        public String kind() {
            return Predictors.PNG_FOLDER;
        }

        @Override
        public String location() {
            return folder;
        }
    }
}
