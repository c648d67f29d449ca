package org.gss.jobs.eval;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * A serializable recipe for a {@link Predictor}: built on the driver from config, shipped to executors, opened once per
 * partition there (a model would be loaded once per executor task, not per image).
 */
public interface PredictorFactory extends Serializable {
    Predictor open(Configuration hadoop);

    /** {@code png-folder} or {@code checkpoint}. */
    String kind();

    /** The folder or checkpoint it reads. */
    String location();
}
