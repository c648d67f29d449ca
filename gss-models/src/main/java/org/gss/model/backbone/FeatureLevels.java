package org.gss.model.backbone;

import java.util.List;

/**
 * The feature maps a backbone hands to the heads: vertex names, channels and strides (relative to
 * the image), finest level first.
 */
public record FeatureLevels(List<String> names, List<Integer> channels, List<Integer> strides) {

    public FeatureLevels {
        if (names.size() != channels.size() || names.size() != strides.size() || names.isEmpty()) {
            throw new IllegalArgumentException("feature levels need matching, non-empty names/channels/strides");
        }
        names = List.copyOf(names);
        channels = List.copyOf(channels);
        strides = List.copyOf(strides);
    }

    public int size() {
        return names.size();
    }
}
