package org.gss.maskige;

import java.util.LinkedHashMap;
import java.util.Map;

import org.gss.config.GssConfig;
import org.gss.config.Settings;

/**
 * Shape of the trainable inverse X⁻¹ of GSS-FT (paper §3.3, appendix D(iii)): 1×1 conv (3 → width1) → ReLU → 3×3 conv
 * (width1 → width2) → ReLU → 1×1 conv (width2 → K), applied per pixel neighbourhood of a decoded maskige.
 */
public record FtConfig(int classes, int width1, int width2) implements java.io.Serializable {
    public FtConfig {
        if (classes < 1 || classes > 254 || width1 < 1 || width2 < 1) {
            throw new IllegalArgumentException("FT inverse needs 1..254 classes and positive widths: " + this);
        }
    }

    /** K from {@code gss.maskige.classes}, both widths from {@code gss.tokenizer.train.inverse-width}. */
    public static FtConfig from(GssConfig cfg) {
        int k = Settings.of(cfg, "gss.maskige").intIn("classes", 1, 254);
        int w = Settings.of(cfg, "gss.tokenizer.train").intIn("inverse-width", 1, 4096);
        return new FtConfig(k, w, w);
    }

    /** Conv tensors in file layout (OIHW, PyTorch's), in forward order. */
    public Map<String, long[]> shapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("conv1.w", new long[] {width1, 3, 1, 1});
        s.put("conv1.b", new long[] {width1});
        s.put("conv2.w", new long[] {width2, width1, 3, 3});
        s.put("conv2.b", new long[] {width2});
        s.put("conv3.w", new long[] {classes, width2, 1, 1});
        s.put("conv3.b", new long[] {classes});
        return s;
    }
}
