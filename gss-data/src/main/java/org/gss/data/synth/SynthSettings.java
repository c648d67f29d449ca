package org.gss.data.synth;

import java.util.List;

import org.gss.config.ConfigError;
import org.gss.config.GssConfig;
import org.gss.config.Settings;

/** The {@code gss.synth} block as a {@link SynthSpec}: what {@code gss synth} writes for a configuration. */
public final class SynthSettings {
    private SynthSettings() {
    }

    public static SynthSpec spec(GssConfig config) {
        Settings s = Settings.of(config, "gss.synth");
        SynthLayout layout = SynthLayout.parse(s.oneOf("layout", SynthLayout.ids()));
        ImageFormat format = switch (s.oneOf("image-format", "auto", "png", "jpg")) {
            case "png" -> ImageFormat.PNG;
            case "jpg" -> ImageFormat.JPEG;
            default -> layout == SynthLayout.CITYSCAPES ? ImageFormat.PNG : ImageFormat.JPEG;
        };
        List<String> domains = layout == SynthLayout.MSEG ? s.strings("domains") : List.of();
        try {
            return new SynthSpec(layout, s.intIn("width", 16, 8192), s.intIn("height", 16, 8192),
                    s.intIn("train-images", 0, 1_000_000), s.intIn("val-images", 0, 1_000_000),
                    s.intIn("classes", 2, 254), s.doubleIn("unlabeled-share", 0, 0.5), s.raw().getLong("seed"),
                    domains, format, s.doubleIn("detail-scale", 1, 16));
        } catch (IllegalArgumentException e) {
            throw new ConfigError("gss.synth: " + e.getMessage());
        }
    }
}
