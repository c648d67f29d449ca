package org.gss.backend;

import java.util.List;

/**
 * What the start-up check concluded, for logs and tests.
 *
 * @param outcome what happened
 * @param gpus the GPUs the check looked at (empty when it did not probe)
 * @param message one line saying what was decided and why
 */
public record BackendDecision(Outcome outcome, List<GpuInfo> gpus, String message) {

    public enum Outcome {
        /** No ND4J CUDA backend on the classpath: ND4J uses the CPU; nothing to check. */
        CPU_BUILD,
        /** gss.backend.gpu-check = false. */
        CHECK_DISABLED,
        /** nvidia-smi missing or failing: the GPUs could not be checked (warned). */
        CHECK_NOT_POSSIBLE,
        /** CUDA sees no GPU (CUDA_VISIBLE_DEVICES empty or no GPU listed): ND4J will skip its CUDA backend. */
        NO_VISIBLE_GPU,
        /** Every visible GPU is supported: ND4J will use CUDA. */
        CUDA_SUPPORTED,
        /** An unsupported GPU and gss.backend.on-unsupported-gpu = cpu: ND4J was made to select its CPU backend. */
        CPU_FALLBACK
    }

    public BackendDecision {
        gpus = List.copyOf(gpus);
    }
}
