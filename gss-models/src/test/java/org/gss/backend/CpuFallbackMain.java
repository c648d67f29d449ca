package org.gss.backend;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Child-JVM entry of {@link CudaBuildCpuFallbackTest}: optionally runs the guard with the CPU fallback against the
 * given nvidia-smi stand-in, then uses ND4J for the first time and prints which backend it chose.
 * Arguments: {@code <nvidia-smi path> fallback|none}.
 */
public final class CpuFallbackMain {
    private CpuFallbackMain() {
    }

    public static void main(String[] args) {
        if (args[1].equals("fallback")) {
            BackendDecision d = new BackendGuard(new GpuProbe(args[0], Map.of()),
                    Nd4jBackends.OnClasspath.of(CpuFallbackMain.class.getClassLoader()), Nd4jBackends::selectCpu)
                    .run(new BackendSettings(true, BackendSettings.OnUnsupportedGpu.CPU));
            System.out.println("decision=" + d.outcome());
        }
        INDArray a = Nd4j.create(new float[] {1, 2, 3});
        System.out.println("backend=" + Nd4j.getBackend().getClass().getName());
        System.out.println("sum=" + a.sumNumber().doubleValue());
    }
}
