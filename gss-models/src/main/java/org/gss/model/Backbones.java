package org.gss.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gss.config.Registry;
import org.gss.config.Settings;

/**
 * The image encoder backbones by config name ({@code gss.model.backbone}), each with the depths it is built at
 * ({@code gss.model.depth}): the one table that both validates the config and sizes the network.
 */
public final class Backbones {
    /** ResNet v1c (deep stem, output stride 8): residual blocks per stage of each depth. */
    private static final Map<Integer, int[]> RESNET = new LinkedHashMap<>();

    static {
        RESNET.put(18, new int[] {2, 2, 2, 2});
        RESNET.put(34, new int[] {3, 4, 6, 3});
        RESNET.put(50, new int[] {3, 4, 6, 3});
        RESNET.put(101, new int[] {3, 4, 23, 3});
        RESNET.put(152, new int[] {3, 8, 36, 3});
    }

    public static final String RESNET_V1C = "resnet";
    public static final String SWIN_L = "swin-l";

    /** Backbone name → what sizes it (the keys of gss.model it reads). */
    public static final Registry<String> REGISTRY = Registry.<String>of("backbone")
            .add(RESNET_V1C, "ResNet v1c, gss.model.depth")
            .add(SWIN_L, "Swin-L, gss.model.swin")
            .build();

    private Backbones() {
    }

    /** Reads {@code backbone} of the {@code gss.model} block: one of {@link #REGISTRY}. */
    public static String readBackbone(Settings model) {
        return REGISTRY.read(model, "backbone");
    }

    /** Reads {@code depth} of the {@code gss.model} block: a ResNet depth (read for every backbone, as before). */
    public static int readDepth(Settings model) {
        readBackbone(model);
        return model.oneOfInt("depth", RESNET.keySet().stream().mapToInt(Integer::intValue).toArray());
    }

    /** Whether ResNet v1c is built at {@code depth}. */
    public static boolean resnetDepth(int depth) {
        return RESNET.containsKey(depth);
    }

    /** Residual blocks per stage of the ResNet of {@code depth}. */
    public static int[] resnetBlocks(int depth) {
        int[] b = RESNET.get(depth);
        if (b == null) {
            throw new IllegalArgumentException("model.depth must be one of " + RESNET.keySet() + ", got " + depth);
        }
        return Arrays.copyOf(b, b.length);
    }

    /** The ResNet depths, in ascending order. */
    public static java.util.Set<Integer> resnetDepths() {
        return java.util.Collections.unmodifiableSet(RESNET.keySet());
    }
}
