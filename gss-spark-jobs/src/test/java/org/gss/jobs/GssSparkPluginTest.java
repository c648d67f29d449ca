package org.gss.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.resource.ResourceInformation;
import org.gss.backend.BackendSettings;
import org.gss.backend.GpuBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the executor plugin decides, on this CPU build: the assigned GPU is seen and left unused, the check runs. */
class GssSparkPluginTest {
    @Test
    void registersItselfKeepingTheUsersPluginsAndPassesTheBackendSettingsOn() {
        SparkConf conf = new SparkConf(false).set("spark.plugins", "com.example.Metrics");
        GssSparkPlugin.register(conf, new BackendSettings(false, BackendSettings.OnUnsupportedGpu.CPU));
        GssSparkPlugin.register(conf, BackendSettings.defaults());
        assertEquals("com.example.Metrics," + GssSparkPlugin.class.getName(), conf.get("spark.plugins"));
        assertEquals("false", conf.get(GssSparkPlugin.GPU_CHECK));
        assertEquals("cpu", conf.get(GssSparkPlugin.ON_UNSUPPORTED_GPU));
    }

    @Test
    void executorResourcesGiveTheGpuAddressElseTheResourcesFile(@TempDir Path dir) throws Exception {
        assertEquals(List.of("2"), GssSparkPlugin.gpuAddresses(Map.of("gpu",
                new ResourceInformation("gpu", new String[] {"2"}))));
        String saved = System.getProperty("sun.java.command");
        try {
            Path file = Files.writeString(dir.resolve("resources.json"), "[{\"id\":{\"componentName\":"
                    + "\"spark.executor\",\"resourceName\":\"gpu\"},\"addresses\":[\"1\"]}]");
            System.setProperty("sun.java.command", "org.apache.spark.executor.CoarseGrainedExecutorBackend"
                    + " --executor-id 1 --resourcesFile " + file);
            assertEquals(List.of("1"), GssSparkPlugin.gpuAddresses(Map.of()));
        } finally {
            System.setProperty("sun.java.command", saved);
        }
    }

    @Test
    void onTheCpuBuildTheAssignedGpuStaysUnusedAndTheCheckPasses() {
        SparkConf conf = new SparkConf(false);
        GssSparkPlugin.register(conf, BackendSettings.defaults());
        GpuBinding b = GssSparkPlugin.prepareBackend(conf, List.of("1"), "spark.executor.resource.gpu, executor 7");
        assertEquals(GpuBinding.Outcome.CPU_BUILD, b.outcome());
        assertEquals("GPU binding: Spark assigned GPU 1 (spark.executor.resource.gpu, executor 7), but this is the CPU"
                + " build (no ND4J CUDA backend): the GPU stays unused", b.message());
    }
}
