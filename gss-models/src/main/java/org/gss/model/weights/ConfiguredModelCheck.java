package org.gss.model.weights;

import java.util.ArrayList;
import java.util.List;

import org.gss.data.image.BadInputException;
import org.gss.model.ModelConfig;
import org.gss.model.backbone.ResNetV1c;
import org.gss.model.mla.HeadSpec;

/**
 * Refuses a checkpoint whose architecture is not the configured one, naming both the checkpoint's network
 * (e.g. "ResNet-50 v1c") and the {@code gss.model} key that disagrees, before any tensor is compared.
 */
public final class ConfiguredModelCheck {

    private ConfiguredModelCheck() {
    }

    /** The backbone of {@code arch} must be {@code cfg}'s. */
    public static void backbone(ReferenceArchitecture arch, ModelConfig cfg, String source) {
        List<String> problems = new ArrayList<>();
        if (cfg.swin() == null) {
            if (arch.resnet().isEmpty()) {
                problems.add("it holds " + (arch.swin().isPresent() ? "a Swin backbone" : "no backbone")
                        + ", gss.model.backbone = resnet");
            } else {
                ResNetV1c.Spec r = arch.resnet().get();
                if (r.depth() != cfg.depth()) {
                    problems.add("it is ResNet-" + r.depth() + " v1c, gss.model.depth = " + cfg.depth());
                }
                if (r.baseWidth() != cfg.baseWidth()) {
                    problems.add("its first stage has " + r.baseWidth() + " channels, gss.model.base-width = "
                            + cfg.baseWidth());
                }
            }
        } else if (arch.swin().isEmpty()) {
            problems.add("it holds " + (arch.resnet().isPresent() ? "a ResNet backbone" : "no backbone")
                    + ", gss.model.backbone = swin-l");
        } else if (!arch.swin().get().equals(cfg.swin())) {
            problems.add("it is " + arch.swin().get() + ", gss.model.backbone = swin-l with gss.model.swin = "
                    + cfg.swin());
        }
        fail(problems, source);
    }

    /**
     * The head's widths and blocks must be {@code cfg}'s; vocabulary and class count come from the tokenizer
     * and the dataset, and are checked by shape when the weights load into a model built for them.
     */
    public static void head(ReferenceArchitecture arch, ModelConfig cfg, String source) {
        List<String> problems = new ArrayList<>();
        if (arch.head().isEmpty()) {
            problems.add("it holds no GSS head (decode_head.*)");
        } else {
            HeadSpec h = arch.head().get();
            compare(problems, "gss.model.aux-head.channels", h.channels(), cfg.auxChannels());
            compare(problems, "gss.model.mla.channels", h.mlaChannels(), cfg.mlaChannels());
            compare(problems, "gss.model.mla.depth", h.mlaDepth(), cfg.mlaDepth());
            compare(problems, "gss.model.mla.heads", h.heads(), cfg.heads());
            compare(problems, "gss.model.mla.window", h.window(), cfg.window());
            compare(problems, "gss.model.mla.ffn", h.ffn(), cfg.ffn());
            compare(problems, "gss.model.mla.hidden", h.hidden(), cfg.hidden());
        }
        fail(problems, source);
    }

    private static void compare(List<String> problems, String key, int file, int configured) {
        if (file != configured) {
            problems.add("its head has " + file + " for " + key + " = " + configured);
        }
    }

    private static void fail(List<String> problems, String source) {
        if (!problems.isEmpty()) {
            throw new BadInputException(source, "checkpoint does not fit the configured model: "
                    + String.join("; ", problems));
        }
    }
}
