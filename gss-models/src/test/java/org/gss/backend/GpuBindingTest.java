package org.gss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gss.data.image.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor's GPU binding decision, from a stand-in Spark resources file, on the CUDA-less (CPU build) path. */
class GpuBindingTest {
    /** What a standalone Worker writes for an executor it gave GPU 1 (and a FPGA, which is not ours). */
    static final String RESOURCES = "[{\"id\":{\"componentName\":\"spark.executor\",\"resourceName\":\"fpga\"},"
            + "\"addresses\":[\"f0\"]},{\"id\":{\"componentName\":\"spark.executor\",\"resourceName\":\"gpu\"},"
            + "\"addresses\":[\"1\"]}]";

    @Test
    void readsTheGpuAddressesOfASparkResourcesFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("resources.json"), RESOURCES);
        assertEquals(List.of("1"), GpuBinding.gpusInResourcesFile(file));
        Path none = Files.writeString(dir.resolve("none.json"), "[]");
        assertEquals(List.of(), GpuBinding.gpusInResourcesFile(none));
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"gpu\": 1}");
        BadInputException e = assertThrows(BadInputException.class, () -> GpuBinding.gpusInResourcesFile(bad));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
    }

    @Test
    void findsTheResourcesFileOnTheExecutorCommandLine(@TempDir Path dir) {
        String saved = System.getProperty("sun.java.command");
        try {
            System.setProperty("sun.java.command", "org.apache.spark.executor.CoarseGrainedExecutorBackend"
                    + " --driver-url spark://x --executor-id 3 --cores 1 --resourcesFile " + dir.resolve("r.json"));
            assertEquals(Optional.of(dir.resolve("r.json")), GpuBinding.resourcesFileOfThisJvm());
            System.setProperty("sun.java.command", "org.gss.cli.Main train");
            assertEquals(Optional.empty(), GpuBinding.resourcesFileOfThisJvm());
        } finally {
            System.setProperty("sun.java.command", saved);
        }
    }

    @Test
    void bindsTheAssignedDeviceOnlyWithTheCudaBackend() {
        GpuBinding cuda = GpuBinding.decide(List.of("1"), true, "resources file");
        assertEquals(GpuBinding.Outcome.BOUND, cuda.outcome());
        assertEquals(1, cuda.device());
        assertEquals("GPU binding: this executor uses CUDA device 1, assigned by Spark (resources file)",
                cuda.message());

        GpuBinding cpu = GpuBinding.decide(List.of("1"), false, "resources file");
        assertEquals(GpuBinding.Outcome.CPU_BUILD, cpu.outcome());
        assertEquals(-1, cpu.device());
        assertEquals("GPU binding: Spark assigned GPU 1 (resources file), but this is the CPU build (no ND4J CUDA"
                + " backend): the GPU stays unused", cpu.message());
        assertEquals(cpu, cpu.apply(getClass().getClassLoader()), "the CPU build touches no CUDA class");

        GpuBinding two = GpuBinding.decide(List.of("2", "3"), true, "x");
        assertEquals(2, two.device());
        assertTrue(two.message().contains("(of [2, 3]; one executor uses one GPU)"), two.message());

        assertEquals(GpuBinding.Outcome.NOT_ASSIGNED, GpuBinding.decide(List.of(), true, "x").outcome());
        assertEquals(GpuBinding.Outcome.CPU_BUILD, GpuBinding.decide(List.of(), false, "x").outcome());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GpuBinding.decide(List.of("GPU-8f3c"), true, "x"));
        assertTrue(e.getMessage().contains("'GPU-8f3c'"), e.getMessage());
    }

    @Test
    void applyingWithoutTheCudaBackendFailsClearly() {
        GpuBinding bound = GpuBinding.decide(List.of("0"), true, "test");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> bound.apply(getClass().getClassLoader()));
        assertTrue(e.getMessage().startsWith("GPU binding: could not make ND4J use CUDA device 0"), e.getMessage());
    }
}
