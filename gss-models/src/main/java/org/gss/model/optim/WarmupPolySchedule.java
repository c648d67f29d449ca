package org.gss.model.optim;

import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Learning rate of mmseg's {@code lr_config = dict(policy='poly', warmup='linear', ...)}, by iteration:
 * <pre>
 *   regular(i) = (base − min) · (1 − min(i, max)/max)^power + min
 *   lr(i)      = regular(i) · (1 − (1 − i/warmup) · (1 − ratio))   for i &lt; warmup
 *              = regular(i)                                       otherwise
 * </pre>
 * so the rate starts at ratio·base and joins the poly curve at the end of warm-up (mmcv's
 * {@code PolyLrUpdaterHook} with linear warm-up). DL4J's {@code PolySchedule} grows instead of
 * decaying and {@code RampSchedule} cannot be read back from JSON (a DL4J 1.0.0-M2.1 defect); this one
 * round-trips through the configuration JSON that Spark ships.
 *
 * <p>The iteration is DL4J's count of {@code fit()} minibatches of the network that applies the
 * update (per worker under parameter averaging, where the count is the one in the configuration
 * that the workers receive).
 */
public final class WarmupPolySchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    @JsonProperty("baseLr")
    private final double baseLr;
    @JsonProperty("minLr")
    private final double minLr;
    @JsonProperty("power")
    private final double power;
    @JsonProperty("maxIterations")
    private final int maxIterations;
    @JsonProperty("warmupIterations")
    private final int warmupIterations;
    @JsonProperty("warmupRatio")
    private final double warmupRatio;

    @JsonCreator
    public WarmupPolySchedule(@JsonProperty("baseLr") double baseLr, @JsonProperty("minLr") double minLr,
            @JsonProperty("power") double power, @JsonProperty("maxIterations") int maxIterations,
            @JsonProperty("warmupIterations") int warmupIterations,
            @JsonProperty("warmupRatio") double warmupRatio) {
        if (!(baseLr > 0) || !(minLr >= 0) || minLr > baseLr) {
            throw new IllegalArgumentException("need 0 <= minLr <= baseLr and baseLr > 0, got base " + baseLr
                    + ", min " + minLr);
        }
        if (!(power > 0) || maxIterations < 1 || warmupIterations < 0 || warmupIterations > maxIterations) {
            throw new IllegalArgumentException("need power > 0, maxIterations >= 1 and 0 <= warmupIterations <= "
                    + "maxIterations, got power " + power + ", max " + maxIterations + ", warmup "
                    + warmupIterations);
        }
        if (!(warmupRatio > 0) || warmupRatio > 1) {
            throw new IllegalArgumentException("warmupRatio must be in (0, 1], got " + warmupRatio);
        }
        this.baseLr = baseLr;
        this.minLr = minLr;
        this.power = power;
        this.maxIterations = maxIterations;
        this.warmupIterations = warmupIterations;
        this.warmupRatio = warmupRatio;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        int i = Math.max(iteration, 0);
        double progress = Math.min(i, maxIterations) / (double) maxIterations;
        double regular = (baseLr - minLr) * Math.pow(1.0 - progress, power) + minLr;
        if (i < warmupIterations) {
            double k = (1.0 - i / (double) warmupIterations) * (1.0 - warmupRatio);
            return regular * (1.0 - k);
        }
        return regular;
    }

    @Override
    public ISchedule clone() {
        return this; // immutable
    }

    public double baseLr() {
        return baseLr;
    }

    public int maxIterations() {
        return maxIterations;
    }

    public int warmupIterations() {
        return warmupIterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupPolySchedule s && s.baseLr == baseLr && s.minLr == minLr && s.power == power
                && s.maxIterations == maxIterations && s.warmupIterations == warmupIterations
                && s.warmupRatio == warmupRatio;
    }

    @Override
    public int hashCode() {
        return Objects.hash(baseLr, minLr, power, maxIterations, warmupIterations, warmupRatio);
    }

    @Override
    public String toString() {
        return "WarmupPolySchedule(base=" + baseLr + ", min=" + minLr + ", power=" + power + ", max="
                + maxIterations + ", warmup=" + warmupIterations + ", ratio=" + warmupRatio + ")";
    }
}
