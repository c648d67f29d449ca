package org.gss.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.resource.ResourceInformation;
import org.gss.backend.BackendGuard;
import org.gss.backend.BackendSettings;
import org.gss.backend.GpuBinding;
import org.gss.backend.Nd4jBackends;
import org.gss.data.fs.JvmHadoopConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares every executor JVM before its first task, hence before ND4J initialises there: installs the executor's
 * Hadoop configuration (built from {@code spark.hadoop.*}, so that weights and palettes given as Hadoop URIs are read
 * on the executor itself), binds the executor to the GPU Spark assigned it ({@link GpuBinding}) and runs the start-up
 * GPU check of the driver ({@link BackendGuard}) in this JVM too. Registered by {@link SparkRuntime} through
 * {@code spark.plugins}; in local mode the executor shares the driver's JVM, whose settings then stay.
 */
public final class GssSparkPlugin implements SparkPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(GssSparkPlugin.class);
    static final String PLUGINS = "spark.plugins";
    static final String GPU_CHECK = "spark.gss.backend.gpu-check";
    static final String ON_UNSUPPORTED_GPU = "spark.gss.backend.on-unsupported-gpu";

    /** Adds this plugin to {@code spark.plugins} (keeping the user's) and passes the driver's backend settings on. */
    static void register(SparkConf conf, BackendSettings backend) {
        List<String> plugins = new ArrayList<>(Arrays.stream(conf.get(PLUGINS, "").split(","))
                .map(String::strip).filter(p -> !p.isEmpty()).toList());
        if (!plugins.contains(GssSparkPlugin.class.getName())) {
            plugins.add(GssSparkPlugin.class.getName());
        }
        conf.set(PLUGINS, String.join(",", plugins));
        conf.setIfMissing(GPU_CHECK, String.valueOf(backend.gpuCheck()));
        conf.setIfMissing(ON_UNSUPPORTED_GPU, backend.onUnsupportedGpu().key());
    }

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new Executor();
    }

    /** The executor side; everything happens in {@link #init}, which Spark calls before the executor runs tasks. */
    public static final class Executor implements ExecutorPlugin {
        @Override
        public void init(PluginContext ctx, Map<String, String> extraConf) {
            if (JvmHadoopConf.setIfAbsent(SparkHadoopUtil.get().newConfiguration(ctx.conf()))) {
                LOG.debug("executor {}: Hadoop configuration from the Spark conf installed", ctx.executorID());
            }
            boolean local = ctx.conf().get("spark.master", "").startsWith("local");
            if (local) {
                return; // the driver's JVM: its check ran at start-up, and a local executor has no GPU assignment
            }
            prepareBackend(ctx.conf(), gpuAddresses(ctx.resources()), "spark.executor.resource.gpu, executor "
                    + ctx.executorID());
        }
    }

    /** The GPU addresses in an executor's resources, else in the resources file of its command line. */
    static List<String> gpuAddresses(Map<String, ResourceInformation> resources) {
        ResourceInformation gpu = resources == null ? null : resources.get("gpu");
        if (gpu != null && gpu.addresses().length > 0) {
            return List.of(gpu.addresses());
        }
        return GpuBinding.resourcesFileOfThisJvm().map(GpuBinding::gpusInResourcesFile).orElse(List.of());
    }

    /** Binds the assigned GPU, then runs the GPU check with the driver's settings; returns the binding decided. */
    static GpuBinding prepareBackend(SparkConf conf, List<String> addresses, String source) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = cl != null ? cl : GssSparkPlugin.class.getClassLoader();
        boolean cuda = Nd4jBackends.OnClasspath.of(loader).cuda();
        GpuBinding binding = GpuBinding.decide(addresses, cuda, source).apply(loader);
        BackendSettings settings = new BackendSettings(conf.getBoolean(GPU_CHECK, true),
                BackendSettings.OnUnsupportedGpu.valueOf(conf.get(ON_UNSUPPORTED_GPU, "fail").toUpperCase()));
        BackendGuard.check(settings);
        return binding;
    }
}
