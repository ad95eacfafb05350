package org.facenas.evaluator.train;

import java.util.Objects;
import org.facenas.records.proxy.Recipe;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * arcface_torch's PolyScheduler per step: a linear ramp to {@code peak} over {@code warmup} steps, then
 * {@code peak * (1 - (step - warmup) / (total - warmup))^power}. DL4J's RampSchedule over a PolySchedule would decay
 * from step 0 instead, a constant 19% below this after a warm-up of a tenth of the run. Its closed form is
 * {@link Recipe#learningRate}; the two are checked against each other.
 */
public final class WarmupPolySchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    private final double peak;
    private final int warmup;
    private final int total;
    private final double power;

    public WarmupPolySchedule(@JsonProperty("peak") double peak, @JsonProperty("warmup") int warmup, @JsonProperty("total") int total,
                              @JsonProperty("power") double power) {
        if (!(warmup >= 0 && total >= 1 && (warmup < total || warmup == 0))) {
            throw new IllegalArgumentException("warm-up of " + warmup + " steps in a run of " + total);
        }
        this.peak = peak;
        this.warmup = warmup;
        this.total = total;
        this.power = power;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmup) {
            return peak * (iteration + 1.0) / warmup;
        }
        return peak * Math.pow(Math.max(0.0, 1 - (double) (iteration - warmup) / (total - warmup)), power);
    }

    @Override
    public ISchedule clone() {
        return new WarmupPolySchedule(peak, warmup, total, power);
    }

    public double getPeak() {
        return peak;
    }

    public int getWarmup() {
        return warmup;
    }

    public int getTotal() {
        return total;
    }

    public double getPower() {
        return power;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupPolySchedule s && s.peak == peak && s.warmup == warmup && s.total == total && s.power == power;
    }

    @Override
    public int hashCode() {
        return Objects.hash(peak, warmup, total, power);
    }

    @Override
    public String toString() {
        return "WarmupPolySchedule(peak=" + peak + ", warmup=" + warmup + ", total=" + total + ", power=" + power + ")";
    }
}
