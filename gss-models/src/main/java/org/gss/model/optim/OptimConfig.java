package org.gss.model.optim;

import java.util.List;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * Stage II optimiser: AdamW (Adam + decoupled weight decay, set per parameter by {@link ParamwiseDecay}) with linear
 * warm-up and poly decay, as the reference configs (paper appendix D).
 *
 * @param lr               base learning rate (1.5e-3 Cityscapes, 1.2e-4 ADE20K and MSeg)
 * @param weightDecay      decoupled weight decay coefficient (0.01)
 * @param beta1            Adam β1 (0.9)
 * @param beta2            Adam β2 (0.999)
 * @param epsilon          Adam ε (1e-8, as PyTorch)
 * @param maxIterations    length of the poly decay (80k Cityscapes, 160k ADE20K/MSeg)
 * @param warmupIterations linear warm-up iterations (1500)
 * @param warmupRatio      warm-up start as a fraction of the rate (1e-6)
 * @param power            poly power (1.0)
 * @param minLr            final learning rate (0.0)
 * @param paramwise        which parameters the decay reaches, by name (the reference's: all but norms and position
 *                         tables)
 */
public record OptimConfig(double lr, double weightDecay, double beta1, double beta2, double epsilon,
        int maxIterations, int warmupIterations, double warmupRatio, double power, double minLr,
        ParamwiseDecay paramwise) implements java.io.Serializable {

    public OptimConfig {
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
        if (paramwise == null) {
            throw new IllegalArgumentException("paramwise decay rules must be given");
        }
        schedule(lr, minLr, power, maxIterations, warmupIterations, warmupRatio); // validates
    }

    /** With the reference's paramwise decay rules. */
    public OptimConfig(double lr, double weightDecay, double beta1, double beta2, double epsilon, int maxIterations,
            int warmupIterations, double warmupRatio, double power, double minLr) {
        this(lr, weightDecay, beta1, beta2, epsilon, maxIterations, warmupIterations, warmupRatio, power, minLr,
                ParamwiseDecay.reference());
    }

    /** Cityscapes GSS-FF R101: lr 1.5e-3, 80k iterations. */
    public static OptimConfig cityscapes() {
        return new OptimConfig(1.5e-3, 0.01, 0.9, 0.999, 1e-8, 80_000, 1500, 1e-6, 1.0, 0.0);
    }

    /** ADE20K and MSeg: lr 1.2e-4, 160k iterations. */
    public static OptimConfig ade20k() {
        return new OptimConfig(1.2e-4, 0.01, 0.9, 0.999, 1e-8, 160_000, 1500, 1e-6, 1.0, 0.0);
    }

    /** Same recipe with another rate and length (tests, local runs). */
    public OptimConfig withSchedule(double newLr, int newMaxIterations, int newWarmupIterations) {
        return new OptimConfig(newLr, weightDecay, beta1, beta2, epsilon, newMaxIterations, newWarmupIterations,
                warmupRatio, power, minLr, paramwise);
    }

    /** Same recipe with other paramwise decay rules. */
    public OptimConfig withParamwise(ParamwiseDecay rules) {
        return new OptimConfig(lr, weightDecay, beta1, beta2, epsilon, maxIterations, warmupIterations, warmupRatio,
                power, minLr, rules);
    }

    public WarmupPolySchedule schedule() {
        return schedule(lr, minLr, power, maxIterations, warmupIterations, warmupRatio);
    }

    private static WarmupPolySchedule schedule(double lr, double minLr, double power, int max, int warmup,
            double ratio) {
        return new WarmupPolySchedule(lr, minLr, power, max, warmup, ratio);
    }

    public IUpdater updater() {
        return Adam.builder().learningRateSchedule(schedule()).beta1(beta1).beta2(beta2).epsilon(epsilon).build();
    }

    /**
     * The decoupled decay the layer builders put on weights (ParamwiseDecay then sets every parameter): DL4J's
     * {@code WeightDecay} with applyLR=true subtracts lr·wd·w after the Adam step, as PyTorch's AdamW. Empty when the coefficient is 0.
     */
    public List<Regularization> weightRegularization() {
        return weightDecay > 0 ? List.of(new WeightDecay(weightDecay, true)) : List.of();
    }
}
