package org.gss.backend;

import java.util.List;
import java.util.function.Supplier;
import org.gss.backend.BackendDecision.Outcome;
import org.gss.config.GssConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up GPU generation check, run by every command before anything touches ND4J.
 *
 * <p>With the CPU build (no ND4J CUDA backend on the classpath) it does nothing. With the CUDA build it lists the
 * visible GPUs with nvidia-smi and compares each one's compute capability with {@link CudaSupport}. On an unsupported
 * GPU it either stops with an {@link UnsupportedGpuException} that names the device, its compute capability, the
 * supported range and what to do, or, with {@code gss.backend.on-unsupported-gpu = cpu}, makes ND4J select its CPU
 * backend in this JVM ({@link Nd4jBackends#selectCpu()}) and logs a warning.
 *
 * <p>It acts on the JVM it runs in: Spark executors in other JVMs need their own call (or the environment variable
 * {@code BACKEND_PRIORITY_CPU}, see docs/gpu.md).
 */
public final class BackendGuard {
    private static final Logger LOG = LoggerFactory.getLogger(BackendGuard.class);

    private final GpuProbe probe;
    private final Nd4jBackends.OnClasspath backends;
    private final Supplier<?> selectCpu;

    /**
     * @param probe lists the GPUs
     * @param backends the ND4J backends on the class path
     * @param selectCpu makes ND4J use its CPU backend (normally {@link Nd4jBackends#selectCpu()})
     */
    public BackendGuard(GpuProbe probe, Nd4jBackends.OnClasspath backends, Supplier<?> selectCpu) {
        this.probe = probe;
        this.backends = backends;
        this.selectCpu = selectCpu;
    }

    /** The start-up entry for commands: reads {@code gss.backend} and checks this JVM's GPUs. */
    public static BackendDecision check(GssConfig config) {
        return check(BackendSettings.from(config));
    }

    /** Checks this JVM's GPUs with nvidia-smi from the PATH and, if asked to, switches ND4J to its CPU backend. */
    public static BackendDecision check(BackendSettings settings) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return new BackendGuard(new GpuProbe(),
                Nd4jBackends.OnClasspath.of(cl != null ? cl : BackendGuard.class.getClassLoader()),
                Nd4jBackends::selectCpu).run(settings);
    }

    public BackendDecision run(BackendSettings settings) {
        if (!backends.cuda()) {
            return decided(Outcome.CPU_BUILD, List.of(), "ND4J CUDA backend not on the classpath: CPU build, no GPU check");
        }
        if (!settings.gpuCheck()) {
            return decided(Outcome.CHECK_DISABLED, List.of(), "GPU generation check disabled (gss.backend.gpu-check ="
                    + " false); " + CudaSupport.summary());
        }
        GpuProbe.Result result = probe.probe();
        if (result instanceof GpuProbe.Missing m) {
            return warned(Outcome.CHECK_NOT_POSSIBLE, List.of(), m.message() + " " + notChecked());
        }
        if (result instanceof GpuProbe.Failed f) {
            return warned(Outcome.CHECK_NOT_POSSIBLE, List.of(), "nvidia-smi failed: " + f.message() + ". "
                    + notChecked());
        }
        GpuProbe.Found found = (GpuProbe.Found) result;
        found.note().ifPresent(LOG::info);
        List<GpuInfo> visible = found.visible();
        if (visible.isEmpty()) {
            return warned(Outcome.NO_VISIBLE_GPU, List.of(), "the ND4J CUDA backend is on the classpath but CUDA sees no"
                    + " GPU" + (found.all().isEmpty() ? "" : " (" + VisibleDevices.VISIBLE + " hides all "
                    + found.all().size() + ")") + ": ND4J will skip its CUDA backend and use nd4j-native if present");
        }
        List<GpuInfo> unsupported = visible.stream().filter(g -> !CudaSupport.isSupported(g)).toList();
        if (unsupported.isEmpty()) {
            return decided(Outcome.CUDA_SUPPORTED, visible, "GPU check passed: "
                    + String.join(", ", visible.stream().map(GpuInfo::describe).toList())
                    + " supported by the " + CudaSupport.BACKEND);
        }
        if (settings.onUnsupportedGpu() == BackendSettings.OnUnsupportedGpu.FAIL) {
            throw new UnsupportedGpuException(failMessage(unsupported), unsupported);
        }
        if (!backends.cpu()) {
            throw new UnsupportedGpuException(unsupportedSentence(unsupported) + " gss.backend.on-unsupported-gpu = cpu"
                    + " asks for the CPU backend, but nd4j-native is not on the classpath: use a build that includes it"
                    + " (the default build, or -Pcuda, which adds it for this fallback).", unsupported);
        }
        selectCpu.get();
        return warned(Outcome.CPU_FALLBACK, visible, unsupportedSentence(unsupported)
                + " gss.backend.on-unsupported-gpu = cpu: ND4J will use its CPU backend (nd4j-native) in this JVM,"
                + " at CPU speed; the GPU stays unused.");
    }

    /** The message of the {@link UnsupportedGpuException} for these GPUs. */
    static String failMessage(List<GpuInfo> unsupported) {
        return unsupportedSentence(unsupported) + " What to do: run on a supported GPU (e.g. V100, T4, A10G, A100, L4),"
                + " hide the unsupported GPU from CUDA with " + VisibleDevices.VISIBLE + ", or use the CPU backend by"
                + " setting gss.backend.on-unsupported-gpu = cpu (e.g. --set gss.backend.on-unsupported-gpu=cpu) or by"
                + " building without -Pcuda.";
    }

    private static String unsupportedSentence(List<GpuInfo> unsupported) {
        String devices = String.join("; ", unsupported.stream().map(g -> "GPU " + g.index() + " (" + g.name()
                + ") has compute capability " + g.computeCapability()).toList());
        return "Unsupported GPU for the ND4J CUDA backend: " + devices + ". Supported range: compute capability "
                + CudaSupport.supportedRange() + " (" + CudaSupport.reason() + "), so on "
                + (unsupported.size() == 1 ? "this GPU" : "these GPUs") + " its kernels would fail with \"no kernel"
                + " image is available for execution on the device\".";
    }

    private static String notChecked() {
        return "The GPU generation check did not run; " + CudaSupport.summary() + ". On other GPUs (e.g. H100, H200,"
                + " B200) ND4J fails at its first kernel with \"no kernel image is available for execution on the"
                + " device\".";
    }

    private static BackendDecision decided(Outcome outcome, List<GpuInfo> gpus, String message) {
        // the CPU build is the common case: no need to say so on every command
        if (outcome == Outcome.CPU_BUILD) {
            LOG.debug(message);
        } else {
            LOG.info(message);
        }
        return new BackendDecision(outcome, gpus, message);
    }

    private static BackendDecision warned(Outcome outcome, List<GpuInfo> gpus, String message) {
        LOG.warn(message);
        return new BackendDecision(outcome, gpus, message);
    }
}
