package org.gss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.gss.backend.BackendDecision.Outcome;
import org.gss.backend.BackendSettings.OnUnsupportedGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.config.ND4JClassLoading;

/**
 * The start-up check, end to end except for the GPU itself: a shell script in a temp folder stands in for nvidia-smi
 * and prints what nvidia-smi prints on the named card (this machine has no GPU, and none was available for this
 * work). The class path is described as a -Pcuda build has it (CUDA and CPU backends) unless a test says otherwise.
 */
class BackendGuardTest {
    private static final Nd4jBackends.OnClasspath CUDA_BUILD = new Nd4jBackends.OnClasspath(true, true);
    private static final BackendSettings FAIL = new BackendSettings(true, OnUnsupportedGpu.FAIL);
    private static final BackendSettings CPU = new BackendSettings(true, OnUnsupportedGpu.CPU);

    @TempDir
    Path dir;

    private final AtomicInteger cpuSelections = new AtomicInteger();
    private final Supplier<Integer> countSelection = cpuSelections::incrementAndGet;

    private BackendGuard guard(FakeNvidiaSmi smi, Map<String, String> env, Nd4jBackends.OnClasspath backends) {
        return new BackendGuard(smi.probe(env), backends, countSelection);
    }

    @Test
    void h100StopsWithAMessageNamingDeviceCapabilityRangeAndRemedy() {
        FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, NvidiaSmiOutputs.H100);
        UnsupportedGpuException e = assertThrows(UnsupportedGpuException.class,
                () -> guard(smi, Map.of(), CUDA_BUILD).run(FAIL));
        String m = e.getMessage();
        System.out.println("UnsupportedGpuException message for a (script-simulated) H100:\n" + m);
        assertTrue(m.contains("GPU 0 (NVIDIA H100 80GB HBM3) has compute capability 9.0"), m);
        assertTrue(m.contains("Supported range: compute capability 3.7 to 3.x and 5.0 to 8.x"), m);
        assertTrue(m.contains("sm_37, sm_50, sm_52, sm_60, sm_61, sm_70, sm_75, sm_80, sm_86 and no PTX"), m);
        assertTrue(m.contains("no kernel image is available for execution on the device"), m);
        assertTrue(m.contains("gss.backend.on-unsupported-gpu = cpu"), m);
        assertEquals(List.of(new GpuInfo(0, "NVIDIA H100 80GB HBM3", 9, 0)), e.unsupported());
        assertEquals(0, cpuSelections.get());
        assertEquals(1, smi.calls());
    }

    @Test
    void h200AndB200AreRefusedToo() {
        for (String answer : List.of(NvidiaSmiOutputs.H200, NvidiaSmiOutputs.B200)) {
            FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, answer);
            UnsupportedGpuException e = assertThrows(UnsupportedGpuException.class,
                    () -> guard(smi, Map.of(), CUDA_BUILD).run(FAIL));
            GpuInfo gpu = NvidiaSmiCsv.parse(answer).get(0);
            assertTrue(e.getMessage().contains("GPU 0 (" + gpu.name() + ") has compute capability "
                    + gpu.computeCapability()), e.getMessage());
        }
    }

    @Test
    void supportedCardsPass() {
        for (String answer : List.of(NvidiaSmiOutputs.V100, NvidiaSmiOutputs.A100, NvidiaSmiOutputs.A6000,
                NvidiaSmiOutputs.L4, NvidiaSmiOutputs.A100_X8)) {
            BackendDecision d = guard(FakeNvidiaSmi.printing(dir, answer), Map.of(), CUDA_BUILD).run(FAIL);
            assertEquals(Outcome.CUDA_SUPPORTED, d.outcome(), answer);
            assertEquals(NvidiaSmiCsv.parse(answer), d.gpus());
        }
        assertEquals(0, cpuSelections.get());
    }

    @Test
    void mixedNodeNamesOnlyTheUnsupportedGpu() {
        FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, NvidiaSmiOutputs.A6000_AND_H100_PCIE);
        UnsupportedGpuException e = assertThrows(UnsupportedGpuException.class,
                () -> guard(smi, Map.of(), CUDA_BUILD).run(FAIL));
        assertEquals(List.of(new GpuInfo(1, "NVIDIA H100 PCIe", 9, 0)), e.unsupported());
        assertFalse(e.getMessage().contains("A6000"), e.getMessage());
    }

    @Test
    void hidingTheUnsupportedGpuWithCudaVisibleDevicesPasses() {
        FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, NvidiaSmiOutputs.A6000_AND_H100_PCIE);
        BackendDecision d = guard(smi, Map.of("CUDA_VISIBLE_DEVICES", "0", "CUDA_DEVICE_ORDER", "PCI_BUS_ID"),
                CUDA_BUILD).run(FAIL);
        assertEquals(Outcome.CUDA_SUPPORTED, d.outcome());
        assertEquals(List.of(new GpuInfo(0, "NVIDIA RTX A6000", 8, 6)), d.gpus());
        // without PCI_BUS_ID order CUDA's "0" may be the H100: the check stays on the safe side
        assertThrows(UnsupportedGpuException.class,
                () -> guard(smi, Map.of("CUDA_VISIBLE_DEVICES", "0"), CUDA_BUILD).run(FAIL));
    }

    @Test
    void cpuFallbackSelectsTheCpuBackendOnceAndSaysSo() {
        FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, NvidiaSmiOutputs.H100);
        BackendDecision d = guard(smi, Map.of(), CUDA_BUILD).run(CPU);
        assertEquals(Outcome.CPU_FALLBACK, d.outcome());
        assertEquals(1, cpuSelections.get());
        assertTrue(d.message().contains("GPU 0 (NVIDIA H100 80GB HBM3) has compute capability 9.0"), d.message());
        assertTrue(d.message().contains("ND4J will use its CPU backend (nd4j-native) in this JVM"), d.message());
    }

    @Test
    void cpuFallbackWithTheRealSwitchChangesNd4jsProviderList() {
        ClassLoader before = ND4JClassLoading.getNd4jClassloader();
        try {
            BackendGuard real = new BackendGuard(FakeNvidiaSmi.printing(dir, NvidiaSmiOutputs.H200).probe(Map.of()),
                    CUDA_BUILD, Nd4jBackends::selectCpu);
            assertEquals(Outcome.CPU_FALLBACK, real.run(CPU).outcome());
            assertTrue(Nd4jBackends.cpuSelected());
            assertTrue(ND4JClassLoading.getNd4jClassloader() instanceof BackendHidingClassLoader);
        } finally {
            ND4JClassLoading.setNd4jClassloader(before);
        }
        assertFalse(Nd4jBackends.cpuSelected());
    }

    @Test
    void cpuFallbackWithoutNd4jNativeCannotHappen() {
        FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, NvidiaSmiOutputs.H100);
        UnsupportedGpuException e = assertThrows(UnsupportedGpuException.class,
                () -> guard(smi, Map.of(), new Nd4jBackends.OnClasspath(true, false)).run(CPU));
        assertTrue(e.getMessage().contains("nd4j-native is not on the classpath"), e.getMessage());
        assertEquals(0, cpuSelections.get());
    }

    @Test
    void cpuBuildDoesNothing() {
        FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, NvidiaSmiOutputs.H100);
        BackendDecision d = guard(smi, Map.of(), new Nd4jBackends.OnClasspath(false, true)).run(FAIL);
        assertEquals(Outcome.CPU_BUILD, d.outcome());
        assertEquals(0, smi.calls());
        assertEquals(0, cpuSelections.get());
    }

    @Test
    void checkCanBeSwitchedOff() {
        FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, NvidiaSmiOutputs.H100);
        BackendDecision d = guard(smi, Map.of(), CUDA_BUILD).run(new BackendSettings(false, OnUnsupportedGpu.FAIL));
        assertEquals(Outcome.CHECK_DISABLED, d.outcome());
        assertEquals(0, smi.calls());
    }

    @Test
    void missingNvidiaSmiWarnsThatTheCheckDidNotRun() {
        BackendGuard g = new BackendGuard(new GpuProbe(dir.resolve("absent/nvidia-smi").toString(), Map.of()),
                CUDA_BUILD, countSelection);
        BackendDecision d = g.run(FAIL);
        assertEquals(Outcome.CHECK_NOT_POSSIBLE, d.outcome());
        assertTrue(d.message().startsWith("nvidia-smi not found"), d.message());
        assertTrue(d.message().contains("The GPU generation check did not run"), d.message());
    }

    @Test
    void noVisibleGpu() {
        FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, NvidiaSmiOutputs.H100);
        BackendDecision d = guard(smi, Map.of("CUDA_VISIBLE_DEVICES", ""), CUDA_BUILD).run(FAIL);
        assertEquals(Outcome.NO_VISIBLE_GPU, d.outcome());
        assertTrue(d.message().contains("CUDA_VISIBLE_DEVICES hides all 1"), d.message());
    }

    @Test
    void thisMachinesRealClasspathIsDetected() {
        // The default build has nd4j-native only; a -Pcuda build has both (this test runs in either).
        Nd4jBackends.OnClasspath here = Nd4jBackends.OnClasspath.of(getClass().getClassLoader());
        assertTrue(here.cpu());
        // nd4j-jcublas.properties is another file of the nd4j-cuda jar: an independent sign of that jar
        boolean cudaJarOnClasspath = getClass().getClassLoader().getResource("nd4j-jcublas.properties") != null;
        assertEquals(cudaJarOnClasspath, here.cuda());
    }
}
