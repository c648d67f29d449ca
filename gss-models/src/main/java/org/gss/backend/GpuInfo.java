package org.gss.backend;

/**
 * One GPU as {@code nvidia-smi} reports it: its index (nvidia-smi's, i.e. PCI bus order), product name and CUDA
 * compute capability {@code major.minor}.
 */
public record GpuInfo(int index, String name, int major, int minor) {

    /** Compute capability as nvidia-smi prints it, e.g. {@code 9.0}. */
    public String computeCapability() {
        return major + "." + minor;
    }

    /** {@code GPU 0 (NVIDIA H100 80GB HBM3, compute capability 9.0)}. */
    public String describe() {
        return "GPU " + index + " (" + name + ", compute capability " + computeCapability() + ")";
    }
}
