package org.facenas.search.strategy;

import java.util.List;
import org.facenas.evaluator.CandidateResult;
import org.facenas.results.SearchConfig;

/** How a candidate's result becomes what a strategy optimises. A failed candidate scores worst. */
public final class Fitness {

    private final List<String> objectives;
    private final SearchConfig.MnasReward reward;

    public Fitness(List<String> objectives, SearchConfig.MnasReward reward) {
        this.objectives = List.copyOf(objectives);
        this.reward = reward;
    }

    public static double accuracy(CandidateResult r) {
        return r.ok() && r.accuracy() != null ? r.accuracy() : 0;
    }

    public static double metric(CandidateResult r, String name) {
        return switch (name) {
            case "accuracy" -> accuracy(r);
            case "mflops" -> r.mflops();
            case "params" -> r.params();
            case "latency" -> r.latencyMs() == null ? Double.MAX_VALUE : r.latencyMs();
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }

    /** All objectives as values to maximise (costs negated), in config order: NSGA-II's fitness vector. */
    public double[] vector(CandidateResult r) {
        double[] v = new double[objectives.size()];
        for (int i = 0; i < v.length; i++) {
            String o = objectives.get(i);
            v[i] = "accuracy".equals(o) ? metric(r, o) : -metric(r, o);
        }
        return v;
    }

    /** MNasNet's reward ACC x (COST/T)^w with w = alpha when COST <= T, beta otherwise. */
    public double reward(CandidateResult r) {
        double acc = accuracy(r);
        if (acc == 0) {
            return 0;
        }
        double cost = metric(r, reward.metric());
        double w = cost <= reward.target() ? reward.alpha() : reward.beta();
        return acc * Math.pow(cost / reward.target(), w);
    }
}
