package org.facenas.search.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facenas.results.stats.Bootstrap;
import org.facenas.results.stats.Estimate;

/**
 * A cheaper trained proxy's ranking against a more expensive one's, each proxy's score first averaged over the seeds
 * recorded for it (the seeds may differ: two of the cheap proxy against one of the expensive). {@link ProxyFidelity}'s
 * pairs average the per-seed taus instead; this is what averaging seeds buys, which its seeds&gt;=0.6 column
 * predicts (Spearman-Brown). Seed means and intervals as {@link CheapScoreFidelity} computes them for zero-cost scores.
 */
public final class SeedMeanFidelity {

    /**
     * One score of a cheaper proxy against the same score of a more expensive one.
     *
     * @param cheaperSeeds   most seeds averaged for one architecture of the cheaper proxy
     * @param expensiveSeeds the same for the more expensive proxy
     */
    public record Agreement(String cheaper, int cheaperSeeds, String expensive, int expensiveSeeds, BenchScore score, int archs,
                            Estimate tau, Estimate rho) {
    }

    private SeedMeanFidelity() {
    }

    /** Trained proxies of {@code proxies} with records, cheapest first (measured seconds per candidate); every later one against each earlier. */
    public static List<Agreement> analyse(List<BenchRecord> records, List<String> proxies, Bootstrap bootstrap) {
        Map<String, Double> cost = new LinkedHashMap<>();
        for (String p : proxies) {
            List<BenchRecord> mine = records.stream().filter(r -> r.proxyName().equals(p) && !r.zeroCost()).toList();
            ProxyFidelity.Cost c = ProxyFidelity.cost(mine);
            if (c.runs() > 0) {
                cost.put(p, c.trainSeconds() + c.evalSeconds());
            }
        }
        List<String> byCost = new ArrayList<>(cost.keySet());
        byCost.sort(Comparator.comparingDouble(cost::get));
        List<Agreement> out = new ArrayList<>();
        for (int i = 0; i < byCost.size(); i++) {
            for (int j = i + 1; j < byCost.size(); j++) {
                for (BenchScore s : BenchScore.values()) {
                    if (s.trained()) {
                        agreement(records, byCost.get(i), byCost.get(j), s, bootstrap).ifPresent(out::add);
                    }
                }
            }
        }
        return out;
    }

    private static Optional<Agreement> agreement(List<BenchRecord> records, String cheaper, String expensive, BenchScore score,
                                                           Bootstrap bootstrap) {
        Map<String, Double> x = CheapScoreFidelity.seedMeans(records, cheaper, score);
        Map<String, Double> y = CheapScoreFidelity.seedMeans(records, expensive, score);
        List<String> both = x.keySet().stream().filter(y::containsKey).toList();
        if (both.size() < 3) {
            return Optional.empty();
        }
        double[] a = both.stream().mapToDouble(x::get).toArray();
        double[] b = both.stream().mapToDouble(y::get).toArray();
        return Optional.of(new Agreement(cheaper, seeds(records, cheaper, score, both), expensive,
                seeds(records, expensive, score, both), score, both.size(), bootstrap.kendall(a, b), bootstrap.spearman(a, b)));
    }

    private static int seeds(List<BenchRecord> records, String proxy, BenchScore score, List<String> archs) {
        return archs.stream().mapToInt(a -> (int) records.stream().filter(r -> r.ok() && r.proxyName().equals(proxy)
                && r.label().equals(a) && r.number(score.field()).isPresent()).count()).max().orElse(0);
    }
}
