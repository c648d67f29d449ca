package org.gss.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.data.fs.HadoopFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@code checkpoints/LATEST} names its checkpoint relative to the run folder, so a run folder that is moved or copied
 * resumes and evaluates from its own checkpoints; LATEST files of older runs (absolute URIs) are still read.
 */
class CheckpointRelocationTest {
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    private static ComputationGraph tinyNet() {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
                .addInputs("in").addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2)
                        .nOut(2).activation(Activation.SOFTMAX).build(), "in").setOutputs("out").build());
        net.init();
        return net;
    }

    private void save(Path run, int iteration) {
        Checkpoints.save(tinyNet(), run.toString(), iteration, "h".repeat(64), 1, "online",
                new RunIdentity(Map.of("k", "v"), Map.of("o", "1")),
                new DecodingIdentity("t".repeat(64), "p".repeat(64), 2, 8), "{\"gss\":{\"seed\":1}}", null, conf);
    }

    @Test
    void latestIsRelativeAndFollowsTheRunFolderWhenMovedOrCopied() throws Exception {
        Path run = dir.resolve("run");
        save(run, 5);
        save(run, 10);
        assertEquals("iter-00000010", Files.readString(run.resolve("checkpoints/LATEST")).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                run.resolve("checkpoints/iter-00000010/checkpoint.json"))), "checkpoint.json embeds the config");

        Path moved = dir.resolve("moved");
        Files.move(run, moved);
        assertEquals(HadoopFiles.qualify(moved.resolve("checkpoints/iter-00000010").toString(), conf),
                Checkpoints.resolve(moved.toString(), conf));
        assertEquals(10, Checkpoints.latest(moved.toString(), conf).orElseThrow().iteration());

        Path copy = dir.resolve("copy");
        copyTree(moved, copy);
        save(moved, 15);
        assertEquals(HadoopFiles.qualify(copy.resolve("checkpoints/iter-00000010").toString(), conf),
                Checkpoints.resolve(copy.toString(), conf), "a copy reads its own checkpoints, not the original's");
        assertEquals(15, Checkpoints.latest(moved.toString(), conf).orElseThrow().iteration());
    }

    @Test
    void olderAbsoluteLatestFilesAreStillRead() throws Exception {
        Path run = dir.resolve("old");
        save(run, 3);
        String absolute = HadoopFiles.qualify(run.resolve("checkpoints/iter-00000003").toString(), conf);
        Files.writeString(run.resolve("checkpoints/LATEST"), absolute);
        assertEquals(absolute, Checkpoints.resolve(run.toString(), conf));
        // moved after it was written: the absolute path is gone, the checkpoint of that name beside LATEST is used
        Path moved = dir.resolve("old-moved");
        Files.move(run, moved);
        assertEquals(HadoopFiles.qualify(moved.resolve("checkpoints/iter-00000003").toString(), conf),
                Checkpoints.resolve(moved.toString(), conf));
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
