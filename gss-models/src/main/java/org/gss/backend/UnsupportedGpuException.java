package org.gss.backend;

import java.util.List;

/**
 * A visible GPU cannot run the ND4J CUDA backend. Thrown at start-up, before ND4J loads, instead of letting the first
 * kernel launch fail with "no kernel image is available for execution on the device".
 */
public class UnsupportedGpuException extends RuntimeException {
    private final List<GpuInfo> unsupported;

    public UnsupportedGpuException(String message, List<GpuInfo> unsupported) {
        super(message);
        this.unsupported = List.copyOf(unsupported);
    }

    /** The GPUs that failed the check. */
    public List<GpuInfo> unsupported() {
        return unsupported;
    }
}
