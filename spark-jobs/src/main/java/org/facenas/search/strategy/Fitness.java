package org.facenas.search.strategy;

import java.util.List;
import org.facenas.records.CandidateResult;
import org.facenas.results.Metric;
import org.facenas.results.MnasReward;

/**
 * How a candidate's result becomes what a strategy optimises: the run's {@link Metric}s (the same the run's front
 * ranks by) and its {@link MnasReward}. A failed candidate scores worst.
 */
public final class Fitness {

    private final List<Metric> objectives;
    private final MnasReward reward;
    private final Metric quality;

    public Fitness(List<Metric> objectives, MnasReward reward) {
        this(objectives, reward, Metric.ACCURACY);
    }

    /** @param quality the run's quality score (accuracy or rocauc): the ACC of the MNasNet reward aging ranks by */
    public Fitness(List<Metric> objectives, MnasReward reward, Metric quality) {
        this.objectives = List.copyOf(objectives);
        this.reward = reward;
        this.quality = quality;
    }

    public static double accuracy(CandidateResult r) {
        return Metric.ACCURACY.value(r);
    }

    /**
     * All objectives as values to maximise (costs negated), in config order: NSGA-II's fitness vector. A failed
     * candidate is worst in every objective, costs included: with its real (low) costs a cheap failure would stay
     * non-dominated and keep its place in the population.
     */
    public double[] vector(CandidateResult r) {
        double[] v = new double[objectives.size()];
        for (int i = 0; i < v.length; i++) {
            Metric o = objectives.get(i);
            if (!r.ok()) {
                // finite, so that crowding distances (differences of values) stay finite
                v[i] = o.maximise() ? 0 : -Double.MAX_VALUE;
            } else {
                v[i] = o.maximise() ? o.value(r) : -o.value(r);
            }
        }
        return v;
    }

    /** MNasNet's reward ACC x (COST/T)^w with w = alpha when COST <= T, beta otherwise; ACC is the quality score. */
    public double reward(CandidateResult r) {
        return reward.of(r, quality);
    }
}
