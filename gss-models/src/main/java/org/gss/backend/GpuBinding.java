package org.gss.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gss.data.image.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which CUDA device an executor JVM uses: the GPU address Spark assigned the executor ({@code spark.executor.resource.gpu},
 * seen by an executor plugin as its resources, or in the resources file a standalone Worker hands the executor).
 * In standalone mode every executor on a node sees all GPUs, so without binding they would all compute on device 0.
 * The binding must happen before ND4J initialises its CUDA backend; it uses ND4J's {@code CudaEnvironment} by
 * reflection, because the CPU build does not carry that class.
 *
 * @param outcome   what was decided
 * @param addresses the GPU addresses Spark assigned ({@code []} when none)
 * @param device    the CUDA device bound (-1 when none)
 * @param message   the log line that explains the decision
 */
public record GpuBinding(Outcome outcome, List<String> addresses, int device, String message) {
    private static final Logger LOG = LoggerFactory.getLogger(GpuBinding.class);
    private static final String CUDA_ENVIRONMENT = "org.nd4j.jita.conf.CudaEnvironment";

    public enum Outcome {
        /** ND4J CUDA backend not on the class path: nothing to bind. */
        CPU_BUILD,
        /** No GPU resource assigned to this executor (Spark GPU scheduling off): ND4J picks its default device. */
        NOT_ASSIGNED,
        /** ND4J is told to use the assigned device only. */
        BOUND
    }

    /** The decision for the GPU addresses Spark assigned ({@code source} names where they came from, for the log). */
    public static GpuBinding decide(List<String> addresses, boolean cudaOnClasspath, String source) {
        if (addresses.isEmpty()) {
            return new GpuBinding(cudaOnClasspath ? Outcome.NOT_ASSIGNED : Outcome.CPU_BUILD, List.of(), -1,
                    "GPU binding: no GPU assigned to this executor by Spark (" + source + ")"
                            + (cudaOnClasspath ? "; ND4J uses its default CUDA device" : "; CPU build"));
        }
        int device;
        try {
            device = Integer.parseInt(addresses.get(0).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GPU binding: Spark assigned GPU address '" + addresses.get(0) + "' ("
                    + source + "), which is not a CUDA device index: the GPU discovery script must print indices"
                    + " (deploy/gpu-discovery.sh does)", e);
        }
        String extra = addresses.size() > 1 ? " (of " + addresses + "; one executor uses one GPU)" : "";
        if (!cudaOnClasspath) {
            return new GpuBinding(Outcome.CPU_BUILD, List.copyOf(addresses), -1, "GPU binding: Spark assigned GPU "
                    + addresses.get(0) + extra + " (" + source + "), but this is the CPU build (no ND4J CUDA"
                    + " backend): the GPU stays unused");
        }
        return new GpuBinding(Outcome.BOUND, List.copyOf(addresses), device, "GPU binding: this executor uses CUDA"
                + " device " + device + extra + ", assigned by Spark (" + source + ")");
    }

    /**
     * The GPU addresses in a Spark resources file (the JSON list a standalone Worker writes for its executor:
     * {@code [{"id":{"componentName":"spark.executor","resourceName":"gpu"},"addresses":["1"]}]}).
     */
    public static List<String> gpusInResourcesFile(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read Spark resources file: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new BadInputException(file.toString(), "a Spark resources file is a JSON list of allocations");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode a : root) {
            if ("gpu".equals(a.path("id").path("resourceName").asText())) {
                a.path("addresses").forEach(x -> out.add(x.asText()));
            }
        }
        return out;
    }

    /** The {@code --resourcesFile} argument of this JVM's command line (how standalone Workers start executors). */
    public static Optional<Path> resourcesFileOfThisJvm() {
        String[] args = System.getProperty("sun.java.command", "").split("\\s+");
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--resourcesFile")) {
                return Optional.of(Path.of(args[i + 1]));
            }
        }
        return Optional.empty();
    }

    /** Logs the decision and, when {@link Outcome#BOUND}, makes ND4J use that device only. */
    public GpuBinding apply(ClassLoader loader) {
        LOG.info(message);
        if (outcome != Outcome.BOUND) {
            return this;
        }
        try {
            Class<?> env = Class.forName(CUDA_ENVIRONMENT, true, loader);
            Object configuration = env.getMethod("getConfiguration").invoke(env.getMethod("getInstance").invoke(null));
            configuration.getClass().getMethod("allowMultiGPU", boolean.class).invoke(configuration, false);
            configuration.getClass().getMethod("useDevice", Integer.class).invoke(configuration, device);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("GPU binding: could not make ND4J use CUDA device " + device + ": " + e, e);
        }
        return this;
    }
}
