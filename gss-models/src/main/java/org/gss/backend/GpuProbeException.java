package org.gss.backend;

/** nvidia-smi printed something the GPU probe cannot read. */
public class GpuProbeException extends RuntimeException {
    public GpuProbeException(String message) {
        super(message);
    }
}
