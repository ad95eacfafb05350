package org.facenas.search.predictor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.facenas.records.proxy.ZeroCostScore;
import org.facenas.results.stats.Bootstrap;
import org.facenas.results.stats.Estimate;
import org.facenas.search.bench.BenchRecord;
import org.facenas.search.bench.BenchScore;
import org.facenas.searchspace.arch.Architecture;

/**
 * How well the predictor ranks architectures it was not fitted on, against how many it was fitted on: the scored
 * architectures are split into K folds; each fold is predicted by a predictor fitted on n architectures drawn from
 * the other folds (all of them for "all"), so every architecture gets one out-of-fold prediction from n training
 * points; Kendall tau and Spearman rho of predicted against measured over all of them, with bootstrap intervals.
 */
public final class PredictorCrossValidation {

    /** A size's outcome: tau and rho, or why there is none (not enough architectures outside a fold). */
    public record Point(String size, int trainingPoints, int archs, Estimate tau, Estimate rho, String whyNot) {
    }

    /** A scored architecture: label, architecture, seed-mean score and its zero-cost scores (seed means; may be empty). */
    public record Scored(String label, Architecture architecture, double score, Map<ZeroCostScore, Double> zeroCost) {
    }

    private PredictorCrossValidation() {
    }

    /**
     * The architectures {@code proxy} scored with {@code score} (OK records, seed-averaged), with the seed-mean
     * scores of {@code zeroCostProxy} (null: none) for each.
     */
    public static List<Scored> scored(List<BenchRecord> records, String proxy, BenchScore score, String zeroCostProxy) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, String> blocks = new LinkedHashMap<>();
        for (BenchRecord r : records) {
            if (r.ok() && r.proxyName().equals(proxy)) {
                r.number(score.field()).ifPresent(v -> {
                    double[] s = sums.computeIfAbsent(r.label(), k -> new double[2]);
                    s[0] += v;
                    s[1]++;
                    blocks.put(r.label(), r.blockString());
                });
            }
        }
        List<Scored> out = new ArrayList<>();
        for (var e : sums.entrySet()) {
            Map<ZeroCostScore, Double> z = new EnumMap<>(ZeroCostScore.class);
            if (zeroCostProxy != null) {
                for (ZeroCostScore s : ZeroCostScore.values()) {
                    double[] m = {0, 0};
                    records.stream().filter(r -> r.ok() && r.proxyName().equals(zeroCostProxy) && r.label().equals(e.getKey()))
                            .forEach(r -> r.number("zeroCost." + s.key()).ifPresent(v -> {
                                m[0] += v;
                                m[1]++;
                            }));
                    if (m[1] > 0) {
                        z.put(s, m[0] / m[1]);
                    }
                }
            }
            out.add(new Scored(e.getKey(), Architecture.parse(blocks.get(e.getKey())), e.getValue()[0] / e.getValue()[1], z));
        }
        return out;
    }

    /**
     * @param sizes training points per fold to try; 0 stands for all the other folds' architectures
     * @param folds K (at most the number of architectures)
     */
    public static List<Point> run(List<Scored> all, ArchitectureFeatures features, org.facenas.results.PredictorModel kind, List<Integer> sizes,
                                  int folds, long seed, Bootstrap bootstrap) {
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Scored s : all) {
            features.of(s.architecture(), s.zeroCost()).ifPresent(f -> {
                x.add(f);
                y.add(s.score());
            });
        }
        int n = x.size();
        int k = Math.max(2, Math.min(folds, n));
        int[] fold = new int[n];
        int[] order = permutation(n, new SplittableRandom(seed));
        for (int i = 0; i < n; i++) {
            fold[order[i]] = i % k;
        }
        List<Point> out = new ArrayList<>();
        for (int size : sizes) {
            String label = size == 0 ? "all" : Integer.toString(size);
            int smallestPool = n - (n + k - 1) / k;
            if (n < ArchitecturePredictor.MIN_EXAMPLES || (size > 0 && size > smallestPool) || (size > 0 && size < ArchitecturePredictor.MIN_EXAMPLES)) {
                out.add(new Point(label, size, n, null, null, n < ArchitecturePredictor.MIN_EXAMPLES
                        ? n + " architectures in the space with the score: the predictor needs " + ArchitecturePredictor.MIN_EXAMPLES
                        : size < ArchitecturePredictor.MIN_EXAMPLES ? "the predictor needs at least " + ArchitecturePredictor.MIN_EXAMPLES + " training points"
                        : "only " + smallestPool + " architectures outside a fold of " + k + " folds"));
                continue;
            }
            double[] predicted = new double[n];
            SplittableRandom draw = new SplittableRandom(seed * 31 + size);
            int trainingPoints = 0;
            for (int f = 0; f < k; f++) {
                List<Integer> pool = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (fold[i] != f) {
                        pool.add(i);
                    }
                }
                int[] pick = permutation(pool.size(), draw);
                int m = size == 0 ? pool.size() : size;
                List<ArchitecturePredictor.Example> train = new ArrayList<>();
                for (int j = 0; j < m; j++) {
                    int i = pool.get(pick[j]);
                    train.add(new ArchitecturePredictor.Example(x.get(i), y.get(i)));
                }
                trainingPoints = Math.max(trainingPoints, m);
                ArchitecturePredictor p = ArchitecturePredictor.fit(kind, features, train, seed + f).predictor().orElseThrow();
                for (int i = 0; i < n; i++) {
                    if (fold[i] == f) {
                        predicted[i] = p.predict(x.get(i));
                    }
                }
            }
            double[] measured = y.stream().mapToDouble(Double::doubleValue).toArray();
            out.add(new Point(label, trainingPoints, n, bootstrap.kendall(predicted, measured), bootstrap.spearman(predicted, measured), null));
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = java.util.stream.IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
