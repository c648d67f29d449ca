package org.gss.model.loss;

import java.util.Objects;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A loss scaled by a constant weight, in score and gradient alike. DL4J sums the losses of a
 * graph's outputs unweighted (a DL4J 1.0.0-M2.1 defect); wrapping each output's loss gives the paper's
 * 0.8 · token CE + 0.2 · pixel CE. JSON-serialisable (Spark ships configurations as JSON).
 */
public final class WeightedLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;

    @JsonProperty("loss")
    private final ILossFunction loss;
    @JsonProperty("weight")
    private final double weight;

    @JsonCreator
    public WeightedLoss(@JsonProperty("loss") ILossFunction loss, @JsonProperty("weight") double weight) {
        if (loss == null) {
            throw new IllegalArgumentException("WeightedLoss needs a loss");
        }
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("loss weight must be finite and >= 0, got " + weight);
        }
        this.loss = loss;
        this.weight = weight;
    }

    public ILossFunction loss() {
        return loss;
    }

    public double weight() {
        return weight;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        return weight * loss.computeScore(labels, preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return loss.computeScoreArray(labels, preOutput, activationFn, mask).muli(weight);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return loss.computeGradient(labels, preOutput, activationFn, mask).muli(weight);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        Pair<Double, INDArray> p = loss.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
        return new Pair<>(weight * p.getFirst(), p.getSecond().muli(weight));
    }

    @Override
    public String name() {
        return weight + "*" + loss.name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightedLoss other && other.weight == weight && other.loss.equals(loss);
    }

    @Override
    public int hashCode() {
        return Objects.hash(loss, weight);
    }

    @Override
    public String toString() {
        return "WeightedLoss(" + weight + ", " + loss + ")";
    }
}
