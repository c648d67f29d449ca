package org.gss.data.synth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The on-disk layouts the synthetic generator can write (those of the real datasets). */
public enum SynthLayout {
    CITYSCAPES("cityscapes"),
    ADE20K("ade20k"),
    MSEG("mseg");

    private final String id;

    SynthLayout(String id) {
        this.id = id;
    }

    /** The name used in configs and on the command line. */
    public String id() {
        return id;
    }

    /** The config names of all layouts, in declaration order. */
    public static String[] ids() {
        return Arrays.stream(values()).map(SynthLayout::id).toArray(String[]::new);
    }

    public static SynthLayout parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (SynthLayout l : values()) {
            if (l.id.equals(n)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown synthetic layout '" + name + "', expected one of "
                + Arrays.stream(values()).map(SynthLayout::id).collect(Collectors.joining(", ")));
    }
}
