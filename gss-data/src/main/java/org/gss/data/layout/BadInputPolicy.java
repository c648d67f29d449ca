package org.gss.data.layout;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.gss.data.image.BadInputException;

/**
 * What to do with a sample whose files are unusable (label missing, truncated PNG, ids outside the table): stop with
 * the {@link BadInputException} that names the file ({@link #FAIL}, the default everywhere), or leave the sample out
 * and record why in a {@link SkipReport} ({@link #SKIP}).
 */
public enum BadInputPolicy {
    FAIL,
    SKIP;

    /** Parses {@code fail} / {@code skip} (case-insensitive). */
    public static BadInputPolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("bad-input policy '" + value + "': expected 'fail' or 'skip'");
        }
    }

    /** Rethrows under {@link #FAIL}; records the problem under {@link #SKIP}. */
    public void handle(BadInputException problem, SkipReport report, String dataset, String split, String id) {
        if (this == FAIL) {
            throw problem;
        }
        report.add(dataset, split, id, problem);
    }

    /** Runs {@code work} for one sample; a {@link BadInputException} is handled as in {@link #handle}. */
    public <T> Optional<T> guard(SkipReport report, SampleRef sample, Supplier<T> work) {
        try {
            return Optional.of(work.get());
        } catch (BadInputException e) {
            handle(e, report, sample.dataset(), sample.split(), sample.id());
            return Optional.empty();
        }
    }
}
