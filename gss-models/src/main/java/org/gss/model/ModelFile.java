package org.gss.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;

/**
 * The file a Stage II network is kept in inside a checkpoint folder ({@code model.zip}, DL4J's format), and the one way
 * it is read back: training resumes and inference (evaluation, prediction, the pseudo-label fill) all load through
 * {@link #restore}.
 */
public final class ModelFile {
    public static final String NAME = "model.zip";

    private ModelFile() {
    }

    /** The model file of a checkpoint folder. */
    public static String in(String checkpointFolder) {
        return HadoopFiles.resolve(checkpointFolder, NAME);
    }

    /**
     * The network in a model file's bytes.
     *
     * @param uri         where the bytes came from (for the error)
     * @param withUpdater also restore the optimiser state (to continue training; inference does not need it)
     * @throws BadInputException naming {@code uri} when the bytes are not a readable network
     */
    public static ComputationGraph restore(String uri, byte[] bytes, boolean withUpdater) {
        try {
            return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), withUpdater);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(uri, "not a readable Stage II model: " + e.getMessage(), e);
        }
    }
}
