package org.facenas.search.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facenas.results.stats.Bootstrap;
import org.facenas.results.stats.Estimate;

/**
 * How well a score that trains nothing ranks architectures like a trained proxy: each zero-cost proxy's scores and the
 * cost model's params and MFLOPs (the baselines), each averaged over the seeds recorded, against each trained proxy's
 * quality averaged over its seeds; Kendall tau-b and Spearman rho with bootstrap intervals over architectures. Reads
 * the records only, so a benchmark's trained proxies are never trained again for it.
 */
public final class CheapScoreFidelity {

    /** Qualities of a trained proxy a cheap score is measured against. */
    static final List<BenchScore> QUALITIES = List.of(BenchScore.ROC_AUC, BenchScore.ACCURACY);

    /**
     * One cheap score against one trained proxy's quality.
     *
     * @param source the zero-cost proxy the score came from, or "cost model" for params and MFLOPs
     */
    public record Agreement(BenchScore score, String source, String trained, BenchScore quality, int archs, Estimate tau,
                            Estimate rho) {
    }

    private CheapScoreFidelity() {
    }

    public static List<Agreement> analyse(List<BenchRecord> records, Bootstrap bootstrap) {
        List<String> zeroCost = records.stream().filter(BenchRecord::zeroCost).map(BenchRecord::proxyName).distinct().toList();
        List<String> trained = records.stream().filter(r -> !r.zeroCost()).map(BenchRecord::proxyName).distinct().toList();
        List<Agreement> out = new ArrayList<>();
        for (String t : trained) {
            for (BenchScore q : QUALITIES) {
                Map<String, Double> y = seedMeans(records, t, q);
                if (y.size() < 3) {
                    continue;
                }
                for (BenchScore cost : List.of(BenchScore.PARAMS, BenchScore.MFLOPS)) {
                    agreement(cost, "cost model", seedMeans(records, null, cost), t, q, y, bootstrap).ifPresent(out::add);
                }
                for (String z : zeroCost) {
                    for (BenchScore s : BenchScore.values()) {
                        if (s.zeroCost()) {
                            agreement(s, z, seedMeans(records, z, s), t, q, y, bootstrap).ifPresent(out::add);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Optional<Agreement> agreement(BenchScore score, String source, Map<String, Double> x, String trained,
                                                 BenchScore quality, Map<String, Double> y, Bootstrap bootstrap) {
        List<String> both = x.keySet().stream().filter(y::containsKey).toList();
        if (both.size() < 3) {
            return Optional.empty();
        }
        double[] a = both.stream().mapToDouble(x::get).toArray();
        double[] b = both.stream().mapToDouble(y::get).toArray();
        return Optional.of(new Agreement(score, source, trained, quality, both.size(), bootstrap.kendall(a, b), bootstrap.spearman(a, b)));
    }

    /** Per architecture label, the mean of the score over the OK records of {@code proxy} (null: any proxy) that have it. */
    static Map<String, Double> seedMeans(List<BenchRecord> records, String proxy, BenchScore score) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (BenchRecord r : records) {
            if (r.ok() && (proxy == null || r.proxyName().equals(proxy))) {
                r.number(score.field()).ifPresent(v -> {
                    double[] s = sums.computeIfAbsent(r.label(), k -> new double[2]);
                    s[0] += v;
                    s[1]++;
                });
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((label, s) -> out.put(label, s[0] / s[1]));
        return out;
    }
}
