package org.facenas.evaluator.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * KD variants compared with no KD on paired runs (same architecture, same seed): per variant the mean accuracy
 * gain with a percentile bootstrap interval over the pairs, and the mean student-teacher cosines.
 *
 * @param proxy    the proxy every run used
 * @param level    the interval's coverage in percent (e.g. 90)
 * @param variants one row per KD variant, in the order first seen
 * @param runs     every pair
 */
public record KdComparison(String proxy, int level, List<Variant> variants, List<Run> runs) {

    /** One architecture x seed trained without and with one KD variant. */
    public record Run(String arch, long seed, String kd, double accuracyWithoutKd, double accuracyWithKd,
                      Double heldOutCosine, Double trainCosine) {
        public double gain() {
            return accuracyWithKd - accuracyWithoutKd;
        }
    }

    /** A KD variant's summary over its pairs. */
    public record Variant(String kd, int pairs, double meanWithoutKd, double meanWithKd, double meanGain, double gainStd,
                          double gainLow, double gainHigh, Double meanHeldOutCosine, Double meanTrainCosine) {
    }

    public static KdComparison of(String proxy, List<Run> runs, int resamples, int level) {
        Map<String, List<Run>> byKd = new LinkedHashMap<>();
        for (Run r : runs) {
            byKd.computeIfAbsent(r.kd(), k -> new ArrayList<>()).add(r);
        }
        List<Variant> out = new ArrayList<>();
        for (Map.Entry<String, List<Run>> e : byKd.entrySet()) {
            List<Run> rs = e.getValue();
            double[] gains = rs.stream().mapToDouble(Run::gain).toArray();
            double[] interval = bootstrapMeanInterval(gains, resamples, level, 20261130L);
            out.add(new Variant(e.getKey(), rs.size(), mean(rs.stream().mapToDouble(Run::accuracyWithoutKd).toArray()),
                    mean(rs.stream().mapToDouble(Run::accuracyWithKd).toArray()), mean(gains), std(gains), interval[0], interval[1],
                    meanOrNull(rs.stream().map(Run::heldOutCosine).toList()), meanOrNull(rs.stream().map(Run::trainCosine).toList())));
        }
        return new KdComparison(proxy, level, out, List.copyOf(runs));
    }

    /**
     * Percentile bootstrap of the mean: {@code resamples} resamples with replacement, the (100-level)/2 and
     * (100+level)/2 percentiles of their means. One value: both ends are that value.
     */
    public static double[] bootstrapMeanInterval(double[] x, int resamples, int level, long seed) {
        if (x.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += x[random.nextInt(x.length)];
            }
            means[b] = sum / x.length;
        }
        Arrays.sort(means);
        double tail = (100 - level) / 200.0;
        return new double[] {quantile(means, tail), quantile(means, 1 - tail)};
    }

    /** Linear interpolation between order statistics (type 7). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double mean(double[] x) {
        return Arrays.stream(x).average().orElse(Double.NaN);
    }

    private static double std(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1));
    }

    private static Double meanOrNull(List<Double> xs) {
        double[] v = xs.stream().filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        return v.length == 0 ? null : mean(v);
    }
}
