package org.gss.backend;

/**
 * Lines in the exact format of {@code nvidia-smi --query-gpu=index,name,compute_cap --format=csv,noheader} for GPUs
 * this machine does not have (it has none). Product names are the ones NVIDIA's drivers report.
 */
final class NvidiaSmiOutputs {
    static final String V100 = "0, Tesla V100-SXM2-16GB, 7.0\n";
    static final String T4 = "0, Tesla T4, 7.5\n";
    static final String A100 = "0, NVIDIA A100-SXM4-80GB, 8.0\n";
    static final String A6000 = "0, NVIDIA RTX A6000, 8.6\n";
    static final String L4 = "0, NVIDIA L4, 8.9\n";
    static final String H100 = "0, NVIDIA H100 80GB HBM3, 9.0\n";
    static final String H200 = "0, NVIDIA H200, 9.0\n";
    static final String B200 = "0, NVIDIA B200, 10.0\n";
    /** An 8-GPU A100 node. */
    static final String A100_X8 = """
            0, NVIDIA A100-SXM4-40GB, 8.0
            1, NVIDIA A100-SXM4-40GB, 8.0
            2, NVIDIA A100-SXM4-40GB, 8.0
            3, NVIDIA A100-SXM4-40GB, 8.0
            4, NVIDIA A100-SXM4-40GB, 8.0
            5, NVIDIA A100-SXM4-40GB, 8.0
            6, NVIDIA A100-SXM4-40GB, 8.0
            7, NVIDIA A100-SXM4-40GB, 8.0
            """;
    /** A workstation with an Ampere and a Hopper card. */
    static final String A6000_AND_H100_PCIE = """
            0, NVIDIA RTX A6000, 8.6
            1, NVIDIA H100 PCIe, 9.0
            """;

    private NvidiaSmiOutputs() {
    }
}
