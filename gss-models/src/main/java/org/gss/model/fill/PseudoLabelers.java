package org.gss.model.fill;

import java.util.Optional;
import java.util.function.Function;
import org.gss.tokenizer.cache.NearestLabelFill;
import org.gss.tokenizer.cache.PseudoLabeler;

/** Opens the pseudo-label fill that {@code --pseudo-labels SPEC} names, or that a cache key recorded. */
public final class PseudoLabelers {
    private PseudoLabelers() {
    }

    /**
     * {@code nearest}: {@link NearestLabelFill}. Anything else names a Stage II checkpoint, which {@code checkpoint}
     * opens (an {@link AuxHeadFill}): finding a training run's latest checkpoint is the jobs module's business, so
     * the caller supplies it.
     */
    public static PseudoLabeler open(String spec, Function<String, PseudoLabeler> checkpoint) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty pseudo-label spec: use 'nearest' or a Stage II checkpoint path");
        }
        if (spec.equals(NearestLabelFill.NAME)) {
            return new NearestLabelFill();
        }
        return checkpoint.apply(spec);
    }

    /**
     * The fill whose {@link PseudoLabeler#source()} is {@code source} (no I/O: an {@link AuxHeadFill} still needs
     * {@link PseudoLabeler#prepare}, which checks its checkpoint is unchanged), or empty for an unknown source.
     */
    public static Optional<PseudoLabeler> fromSource(String source) {
        if (source.equals(new NearestLabelFill().source())) {
            return Optional.of(new NearestLabelFill());
        }
        return AuxHeadFill.fromSource(source).map(f -> f);
    }
}
