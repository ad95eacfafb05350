package org.facenas.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.facenas.records.CandidateResult;
import org.facenas.results.Metric;
import org.facenas.results.Objective;
import org.facenas.results.ParetoFront;

/**
 * ASHA's promotion rule (Li et al. 2020), multi-objective: of the n candidates recorded at a rung, the best
 * floor(n / eta) move up, where "best" is the Pareto rank over the run's objectives on that rung's scores, then
 * the run's quality score (accuracy or ROC AUC), then block string (a total order, so a resumed run promotes the same). Scores of different rungs are
 * never compared: each rung ranks only its own results. A failed candidate ranks last and is never promoted.
 */
public final class SuccessiveHalving {

    /** A candidate moving from its rung to the next. */
    public record Promotion(String blockString, int toRung) {
    }

    private final int rungs;
    private final int eta;
    private final List<Objective<CandidateResult>> objectives;
    private final Metric quality;

    public SuccessiveHalving(int rungs, int eta, List<Objective<CandidateResult>> objectives) {
        this(rungs, eta, objectives, Metric.ACCURACY);
    }

    /** @param quality the run's quality score: which candidates have a score at all, and the tie-break within a Pareto rank */
    public SuccessiveHalving(int rungs, int eta, List<Objective<CandidateResult>> objectives, Metric quality) {
        this.rungs = rungs;
        this.eta = eta;
        this.objectives = List.copyOf(objectives);
        this.quality = quality;
    }

    /**
     * @param resultsByRung the results recorded at each rung, by block string
     * @return the promotions due now, lowest rung first
     */
    public List<Promotion> due(List<Map<String, CandidateResult>> resultsByRung) {
        List<Promotion> out = new ArrayList<>();
        for (int r = 0; r + 1 < rungs && r < resultsByRung.size(); r++) {
            Map<String, CandidateResult> next = r + 1 < resultsByRung.size() ? resultsByRung.get(r + 1) : Map.of();
            for (String bs : top(resultsByRung.get(r))) {
                if (!next.containsKey(bs)) {
                    out.add(new Promotion(bs, r + 1));
                }
            }
        }
        return out;
    }

    /**
     * The promotion an asynchronous search (ASHA) should start when a slot frees: of the candidates in the top
     * floor(n / eta) of their rung's finished results and neither recorded nor in flight on the next rung, the best
     * of the highest rung that has one (ASHA's get_job: finishing a candidate that is far along comes first).
     *
     * @param resultsByRung the results finished at each rung, by block string
     * @param inFlight      promotions started and not yet finished
     */
    public Optional<Promotion> next(List<Map<String, CandidateResult>> resultsByRung, Set<Promotion> inFlight) {
        for (int r = Math.min(rungs, resultsByRung.size()) - 2; r >= 0; r--) {
            Map<String, CandidateResult> above = resultsByRung.get(r + 1);
            for (String bs : top(resultsByRung.get(r))) {
                Promotion p = new Promotion(bs, r + 1);
                if (!above.containsKey(bs) && !inFlight.contains(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    public int rungs() {
        return rungs;
    }

    /** The block strings in the top floor(n / eta) of one rung's results, best first. */
    public List<String> top(Map<String, CandidateResult> rung) {
        int k = rung.size() / eta;
        if (k == 0) {
            return List.of();
        }
        List<CandidateResult> ok = rung.values().stream().filter(quality::scored).toList();
        Map<CandidateResult, Integer> rank = new HashMap<>();
        List<List<CandidateResult>> ranks = ParetoFront.ranks(ok, objectives);
        for (int i = 0; i < ranks.size(); i++) {
            for (CandidateResult c : ranks.get(i)) {
                rank.put(c, i);
            }
        }
        List<CandidateResult> order = new ArrayList<>(ok);
        order.sort(Comparator.comparingInt((CandidateResult c) -> rank.get(c)).thenComparingDouble(c -> -quality.value(c))
                .thenComparing(CandidateResult::blockString));
        return order.stream().limit(k).map(CandidateResult::blockString).toList();
    }
}
