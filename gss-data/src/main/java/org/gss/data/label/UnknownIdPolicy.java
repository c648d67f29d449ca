package org.gss.data.label;

import java.util.Locale;

/** What a {@link LabelMapping} does with a raw id that its table does not define. */
public enum UnknownIdPolicy {
    /** Treat the pixel as unlabeled (255). */
    IGNORE,
    /** Reject the whole label map with a {@link org.gss.data.image.BadInputException} naming the file. */
    FAIL;

    /** Parses {@code ignore} / {@code fail} (case-insensitive), naming the accepted values otherwise. */
    public static UnknownIdPolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown-id policy '" + value + "': expected 'ignore' or 'fail'");
        }
    }
}
