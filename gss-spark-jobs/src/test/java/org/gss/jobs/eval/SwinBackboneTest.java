package org.gss.jobs.eval;

import static org.gss.jobs.eval.EvalCli.gss;
import static org.gss.jobs.eval.EvalCli.json;
import static org.gss.jobs.eval.EvalCli.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.cli.Main;
import org.gss.jobs.TinyStage2;
import org.gss.store.Checkpoints;
import org.gss.model.layers.PatchMergingLayer;
import org.gss.testing.GssCli;
import org.gss.testing.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gss.model.backbone = swin-l} at reduced width (embed 8, depths 1-1-2-1, window 4) trains on the embedded
 * Spark cluster (the Swin layers survive the configuration's JSON trip to the workers) and its checkpoint evaluates.
 */
class SwinBackboneTest {

    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);

    @Test
    void reducedSwinTrainsAndEvaluates() throws Exception {
        Path manifest = dir.resolve("manifest");
        Path data = dir.resolve("synth");
        int k = EvaluateCheckpointTest.K;
        List<String> sets = EvalCli.sets("gss.synth.layout=mseg", q("gss.synth.out", data), "gss.synth.width=64",
                "gss.synth.height=32", "gss.synth.train-images=4", "gss.synth.val-images=3", "gss.synth.classes=" + k,
                "gss.dataset.name=synth", "gss.dataset.layout=mseg", q("gss.dataset.root", data),
                "gss.dataset.taxonomy=universal", "gss.dataset.classes=" + k, q("gss.index.out", manifest));
        sets.addAll(TinyStage2.tokenizer(k));
        assertEquals(Main.OK, gss("synth", sets).code());
        assertEquals(Main.OK, gss("index", sets).code());
        List<String> swin = List.of("gss.model.backbone=swin-l", "gss.model.swin.embed=8",
                "gss.model.swin.depths=[1, 1, 2, 1]", "gss.model.swin.heads=[1, 2, 2, 4]", "gss.model.swin.window=4",
                "gss.model.swin.mlp-ratio=2");
        Path train = dir.resolve("train");
        List<String> trainSets = new ArrayList<>(sets);
        trainSets.addAll(swin);
        TinyStage2.train(trainSets, train);
        String checkpoint = Checkpoints.resolve(train.toString(), SPARK.session().sparkContext().hadoopConfiguration());
        ComputationGraph net = Checkpoints.loadNetwork(checkpoint, SPARK.session().sparkContext().hadoopConfiguration());
        assertTrue(net.getLayer("stages.2.downsample").conf().getLayer() instanceof PatchMergingLayer,
                "the checkpoint holds the Swin backbone");
        assertEquals(2, net.getLayer("stages.2.blocks.1").conf().getLayer() instanceof
                org.gss.model.layers.SwinBlockLayer b ? b.heads() : -1);

        Path out = dir.resolve("eval");
        List<String> eval = new ArrayList<>(TinyStage2.tokenizer(k));
        eval.addAll(swin);
        eval.addAll(List.of(q("gss.evaluate.out", out), q("gss.evaluate.datasets.demo.manifest", manifest),
                "gss.evaluate.datasets.demo.shared-classes=" + k, "gss.evaluate.panels=1",
                q("gss.evaluate.checkpoint", train), "gss.evaluate.datasets.demo.mode=whole",
                "gss.evaluate.datasets.demo.short-side=32"));
        GssCli.Run r = gss("evaluate", eval);
        assertEquals(Main.OK, r.code(), r.output());
        JsonNode m = json(out.resolve("metrics.json"));
        assertEquals(checkpoint, m.get("source").get("location").asText());
        assertEquals(3, m.get("datasets").size());
    }
}
