package org.gss.jobs.train;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.gss.data.augment.TrainingSample;
import org.gss.data.image.LabelMap;
import org.gss.model.ImageInference;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Online targets as the reference implementation makes them: before a crop's label map is encoded, its unlabeled
 * pixels take the auxiliary head's argmax. "Current" head means the parameters at the start of the averaging round
 * (what the driver broadcasts; workers do not see each other's steps within a round), so with averaging frequency 1
 * it is the network of the previous step, as in the reference. Labeled pixels, the pixel loss's labels and the token
 * coverage (which masks fully unlabeled patches) keep the ground truth.
 */
final class OnlineAuxFill implements Serializable {
    private static final long serialVersionUID = 1L;
    /** One network per executor thread and graph configuration; its parameters are replaced every round. */
    private static final ThreadLocal<Map<String, ComputationGraph>> NETWORKS = ThreadLocal.withInitial(HashMap::new);
    /** Which parameters (by {@link #id}) each thread's network holds. */
    private static final ThreadLocal<Map<String, String>> LOADED = ThreadLocal.withInitial(HashMap::new);

    private final String graphJson;
    private final Broadcast<float[]> parameters;
    /** Unique per broadcast: rounds, runs and Spark contexts never share it. */
    private final String id = java.util.UUID.randomUUID().toString();

    /** A network's configuration and its broadcast parameters, for the crops of one round. */
    OnlineAuxFill(String graphJson, Broadcast<float[]> parameters) {
        this.graphJson = graphJson;
        this.parameters = parameters;
    }

    /** The fill of {@code net}'s current parameters, broadcast to the executors; {@link #release} after the round. */
    static OnlineAuxFill of(org.apache.spark.api.java.JavaSparkContext jsc, ComputationGraph net) {
        return new OnlineAuxFill(net.getConfiguration().toJson(), jsc.broadcast(parametersOf(net)));
    }

    /** Drops the broadcast parameters from the executors (they are not needed after the round). */
    void release() {
        parameters.unpersist(false);
    }

    static float[] parametersOf(ComputationGraph net) {
        return net.params().castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** The crop's labels with unlabeled pixels filled by the auxiliary head's argmax; unchanged if fully labeled. */
    LabelMap fill(TrainingSample crop) {
        LabelMap truth = new LabelMap(crop.width(), crop.height(), crop.labels());
        if (truth.labeledCount() == truth.size()) {
            return truth;
        }
        try (INDArray image = Nd4j.create(crop.image(), new long[] {1, 3, crop.height(), crop.width()}, 'c')) {
            return truth.withUnlabeledFrom(ImageInference.auxClasses(network(), image));
        }
    }

    private ComputationGraph network() {
        ComputationGraph net = NETWORKS.get().computeIfAbsent(graphJson, json -> {
            ComputationGraph g = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
            g.init();
            return g;
        });
        // a thread serves many crops of a round and many rounds: load each round's parameters once
        if (!id.equals(LOADED.get().get(graphJson))) {
            net.setParams(Nd4j.create(parameters.value()));
            LOADED.get().put(graphJson, id);
        }
        return net;
    }
}
