package org.facenas.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.facenas.records.CandidateResult;

/**
 * The Pareto front of a run's successful candidates over its objectives, after optional budgets applied after
 * the fact, ranked 1..n in the chosen order. Rank is the handle {@code export --rank} takes.
 */
public final class RunFront {

    private RunFront() {
    }

    public static List<Objective<CandidateResult>> objectives(List<Metric> metrics) {
        return metrics.stream().map(Metric::objective).toList();
    }

    /** The hypervolume of accuracy x MFLOPs that {@code candidates} dominate above {@code reference} [accuracy, MFLOPs]. */
    public static double accuracyMflopsHypervolume(List<CandidateResult> candidates, List<Double> reference) {
        return qualityMflopsHypervolume(Metric.ACCURACY, candidates, reference);
    }

    /** The hypervolume of {@code quality} x MFLOPs that {@code candidates} dominate above {@code reference} [quality, MFLOPs]. */
    public static double qualityMflopsHypervolume(Metric quality, List<CandidateResult> candidates, List<Double> reference) {
        List<Objective<CandidateResult>> o = objectives(List.of(quality, Metric.MFLOPS));
        return Hypervolume.of(candidates, o.get(0), o.get(1), new double[] {reference.get(0), reference.get(1)});
    }

    /**
     * The front is over the top successive-halving rung's candidates (all candidates without halving).
     *
     * @param maxMflops null for no limit
     * @param maxParams null for no limit
     * @param sort      score (the run's quality score, descending; {@code accuracy} is a synonym kept for old
     *                  scripts) or mflops (ascending)
     */
    public static List<FrontRow> of(RunRecord run, Double maxMflops, Long maxParams, String sort) {
        // under successive halving only the top rung's scores rank against each other
        int top = run.config().rungCount() - 1;
        Metric quality = run.config().qualityMetric();
        List<CandidateResult> ok = run.candidates().stream().filter(c -> c.rung() == top).map(CandidateRecord::result)
                .filter(quality::scored)
                .filter(r -> maxMflops == null || r.mflops() <= maxMflops)
                .filter(r -> maxParams == null || r.params() <= maxParams)
                .toList();
        List<CandidateResult> front = new ArrayList<>(ParetoFront.front(ok, objectives(run.objectives())));
        Comparator<CandidateResult> order = switch (sort) {
            case "score", "accuracy", "rocauc" -> Comparator.comparingDouble((CandidateResult r) -> -quality.value(r))
                    .thenComparingDouble(CandidateResult::mflops);
            case "mflops" -> Comparator.comparingDouble(CandidateResult::mflops).thenComparingDouble(r -> -quality.value(r));
            default -> throw new IllegalArgumentException("unknown sort '" + sort + "': use score or mflops");
        };
        front.sort(order.thenComparing(CandidateResult::blockString));
        List<FrontRow> rows = new ArrayList<>();
        for (int i = 0; i < front.size(); i++) {
            rows.add(FrontRow.of(i + 1, front.get(i), run.confirmed().getOrDefault(front.get(i).blockString(), List.of())));
        }
        return rows;
    }
}
