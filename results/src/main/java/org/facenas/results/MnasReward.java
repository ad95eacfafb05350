package org.facenas.results;

import org.facenas.records.CandidateResult;

/**
 * MNasNet's reward ACC x (COST/target)^w, w = alpha when COST <= target, else beta: the scalar the mnas strategy
 * maximises and aging evolution ranks by, ACC being the run's quality score. A failed candidate (score 0) scores 0.
 */
public record MnasReward(Metric metric, double target, double alpha, double beta) {

    public MnasReward {
        if (metric == null || metric.quality()) {
            throw new IllegalArgumentException("config: mnas.metric must be mflops, params or latency");
        }
        if (!(target > 0)) {
            throw new IllegalArgumentException("config: mnas.target must be positive");
        }
    }

    /** The paper's soft constraint (alpha = beta = -0.07). */
    public static MnasReward soft(Metric metric, double target) {
        return new MnasReward(metric, target, -0.07, -0.07);
    }

    /** A hard constraint: no reward for cost below the target, a steep penalty above it. */
    public static MnasReward hard(Metric metric, double target) {
        return new MnasReward(metric, target, 0, -1);
    }

    /** The reward with accuracy as ACC (the form before a config could choose its quality score). */
    public double of(CandidateResult r) {
        return of(r, Metric.ACCURACY);
    }

    /** The reward with the run's quality score ({@code accuracy} or {@code rocauc}) as ACC. */
    public double of(CandidateResult r, Metric quality) {
        return of(quality.value(r), metric.value(r));
    }

    /** The reward of a quality score and a cost (a predicted score, before anything trains). */
    public double of(double acc, double cost) {
        if (acc == 0) {
            return 0;
        }
        double w = cost <= target ? alpha : beta;
        return acc * Math.pow(cost / target, w);
    }
}
