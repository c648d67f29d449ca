package org.gss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe running a real process: a script standing in for nvidia-smi (this machine has no GPU), or nothing. */
class GpuProbeTest {
    @TempDir
    Path dir;

    @Test
    void runsTheQueryAndParsesItsAnswer() {
        FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, NvidiaSmiOutputs.A6000_AND_H100_PCIE);
        GpuProbe.Found found = assertInstanceOf(GpuProbe.Found.class, smi.probe(Map.of()).probe());
        assertEquals(List.of(new GpuInfo(0, "NVIDIA RTX A6000", 8, 6), new GpuInfo(1, "NVIDIA H100 PCIe", 9, 0)),
                found.all());
        assertEquals(found.all(), found.visible());
        assertEquals(1, smi.calls());
    }

    @Test
    void honoursCudaVisibleDevicesFromTheGivenEnvironment() {
        FakeNvidiaSmi smi = FakeNvidiaSmi.printing(dir, NvidiaSmiOutputs.A100_X8);
        GpuProbe.Found found = assertInstanceOf(GpuProbe.Found.class,
                smi.probe(Map.of("CUDA_VISIBLE_DEVICES", "6,2")).probe());
        assertEquals(8, found.all().size());
        assertEquals(List.of(6, 2), found.visible().stream().map(GpuInfo::index).toList());
    }

    @Test
    void missingNvidiaSmiIsSaidPlainly() {
        String absent = dir.resolve("no-such-dir/nvidia-smi").toString();
        GpuProbe.Missing missing = assertInstanceOf(GpuProbe.Missing.class, new GpuProbe(absent, Map.of()).probe());
        assertTrue(missing.message().startsWith("nvidia-smi not found: could not run '" + absent + "'"),
                missing.message());
        assertTrue(missing.message().contains("could not be listed"), missing.message());
    }

    @Test
    void failingNvidiaSmiReportsItsOutputAndTheDriverHint() {
        // What nvidia-smi of a driver older than 510 prints for this query, with its exit code.
        FakeNvidiaSmi smi = FakeNvidiaSmi.create(dir, "Field \"compute_cap\" is not a valid field to query.\n\n", 2);
        GpuProbe.Failed failed = assertInstanceOf(GpuProbe.Failed.class, smi.probe(Map.of()).probe());
        assertTrue(failed.message().contains("exited with code 2"), failed.message());
        assertTrue(failed.message().contains("needs NVIDIA driver 510 or newer"), failed.message());
        assertTrue(failed.message().endsWith("Field \"compute_cap\" is not a valid field to query."), failed.message());
    }

    @Test
    void noDriverLoaded() {
        FakeNvidiaSmi smi = FakeNvidiaSmi.create(dir, "NVIDIA-SMI has failed because it couldn't communicate with the"
                + " NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n", 9);
        GpuProbe.Failed failed = assertInstanceOf(GpuProbe.Failed.class, smi.probe(Map.of()).probe());
        assertTrue(failed.message().contains("couldn't communicate with the NVIDIA driver"), failed.message());
    }
}
