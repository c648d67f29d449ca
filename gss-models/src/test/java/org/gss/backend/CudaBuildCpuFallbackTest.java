package org.gss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * The CPU fallback on the real -Pcuda class path (nd4j-cuda-11.6 and nd4j-native both present). Skipped in the default
 * build, which has no CUDA jars. Run with {@code mvn -o -Pcuda -pl gss-models -am test -Dtest=CudaBuildCpuFallbackTest
 * -Dsurefire.failIfNoSpecifiedTests=false}. This machine has no GPU: a script stands in for nvidia-smi on an H100, and
 * what is proven is that ND4J never instantiates its CUDA backend and computes on nd4j-native, not that a GPU ran.
 */
class CudaBuildCpuFallbackTest {
    @TempDir
    Path dir;

    @Test
    void withoutTheFilterNd4jSeesBothBackendsWithItOnlyTheCpu() {
        assumeTrue(Nd4jBackends.OnClasspath.of(getClass().getClassLoader()).cuda(), "not a -Pcuda build");
        ClassLoader nd4j = ND4JClassLoading.getNd4jClassloader();
        Set<String> all = Set.copyOf(ServiceLoader.load(Nd4jBackend.class, nd4j).stream()
                .map(p -> p.type().getName()).toList());
        assertEquals(Set.of(Nd4jBackends.CUDA_BACKEND, Nd4jBackends.CPU_BACKEND), all);
        ClassLoader filtered = new BackendHidingClassLoader(nd4j, Set.of(Nd4jBackends.CUDA_BACKEND));
        assertEquals(List.of(Nd4jBackends.CPU_BACKEND), ServiceLoader.load(Nd4jBackend.class, filtered).stream()
                .map(p -> p.type().getName()).toList());
    }

    @Test
    void freshJvmOnAnH100StandInComputesOnTheCpuBackend() throws Exception {
        assumeTrue(Nd4jBackends.OnClasspath.of(getClass().getClassLoader()).cuda(), "not a -Pcuda build");
        FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, NvidiaSmiOutputs.H100);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlog4j2.level=INFO", "-cp", System.getProperty("java.class.path")));
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension");
        if (ext != null) {
            cmd.add("-Dorg.bytedeco.javacpp.platform.extension=" + ext);
        }
        cmd.addAll(List.of(CpuFallbackMain.class.getName(), smi.script.toString(), "fallback"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        System.out.println("child JVM printed:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("decision=CPU_FALLBACK"), out);
        assertTrue(out.contains("Loaded [CpuBackend] backend"), out);
        assertTrue(out.contains("backend=" + Nd4jBackends.CPU_BACKEND), out);
        assertTrue(out.contains("sum=6.0"), out);
        assertFalse(out.contains("JCublasBackend"), out);
        assertEquals(1, smi.calls());
    }
}
