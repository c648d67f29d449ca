package org.gss.tokenizer.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gss.data.image.BadInputException;

/** Opens the pseudo-label fill that {@code --pseudo-labels SPEC} names. */
public final class PseudoLabelers {
    private PseudoLabelers() {
    }

    /**
     * {@code nearest}: {@link NearestLabelFill}. Anything else is a Stage II checkpoint whose auxiliary head would fill
     * the pixels; that needs the Stage II model, which is not part of this build yet, so it fails saying so.
     *
     * @throws BadInputException             if the checkpoint file does not exist
     * @throws UnsupportedOperationException for an existing checkpoint until the Stage II model lands
     */
    public static PseudoLabeler open(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty pseudo-label spec: use 'nearest' or a Stage II checkpoint path");
        }
        if (spec.equals(NearestLabelFill.NAME)) {
            return new NearestLabelFill();
        }
        if (!Files.isRegularFile(Path.of(spec))) {
            throw new BadInputException(spec, "Stage II checkpoint for pseudo labels not found (or use --pseudo-labels "
                    + NearestLabelFill.NAME + ")");
        }
        throw new UnsupportedOperationException("pseudo labels from a Stage II checkpoint (" + spec + ") are not"
                + " available until the Stage II model (org.gss.model, auxiliary head) lands; --pseudo-labels "
                + NearestLabelFill.NAME + " fills unlabeled pixels from the nearest labeled pixel meanwhile");
    }
}
