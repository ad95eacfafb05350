package org.facenas.search.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facenas.results.stats.Bootstrap;
import org.facenas.results.stats.Estimate;
import org.facenas.results.stats.PairedDifference;

/**
 * KD variants compared with a baseline (no KD unless another is named) on paired runs (same architecture, same seed):
 * per variant the mean accuracy gain with a percentile bootstrap interval over the pairs, how many pairs it wins, and
 * the mean student-teacher cosines. The fields named "without KD" hold the baseline's accuracy.
 *
 * @param proxy    the proxy every run used
 * @param baseline what each variant is paired with: none (no KD) or a KD spec
 * @param level    the interval's coverage in percent (e.g. 90)
 * @param variants one row per KD variant, in the order first seen
 * @param runs     every pair
 * @param teacherResolutionCeiling by input size: mean cosine of the teacher's embedding of a scoring face and of
 *                 the same face shrunk to that size and enlarged back (empty when not measured)
 */
public record KdComparison(String proxy, String baseline, int level, List<Variant> variants, List<Run> runs,
                           Map<Integer, Double> teacherResolutionCeiling) {

    /** One architecture x seed trained without and with one KD variant. */
    public record Run(String arch, long seed, String kd, double accuracyWithoutKd, double accuracyWithKd,
                      Double heldOutCosine, Double trainCosine) {
        public double gain() {
            return accuracyWithKd - accuracyWithoutKd;
        }
    }

    /** A KD variant's summary over its pairs; {@code wins}: pairs where it beats the baseline. */
    public record Variant(String kd, int pairs, int wins, double meanWithoutKd, double meanWithKd, double meanGain, double gainStd,
                          double gainLow, double gainHigh, Double meanHeldOutCosine, Double meanTrainCosine) {
    }

    /** Paired with no KD. */
    public static KdComparison of(String proxy, List<Run> runs, Bootstrap bootstrap, Map<Integer, Double> teacherResolutionCeiling) {
        return of(proxy, "none", runs, bootstrap, teacherResolutionCeiling);
    }

    public static KdComparison of(String proxy, String baseline, List<Run> runs, Bootstrap bootstrap,
                                  Map<Integer, Double> teacherResolutionCeiling) {
        Map<String, List<Run>> byKd = new LinkedHashMap<>();
        for (Run r : runs) {
            byKd.computeIfAbsent(r.kd(), k -> new ArrayList<>()).add(r);
        }
        List<Variant> out = new ArrayList<>();
        for (Map.Entry<String, List<Run>> e : byKd.entrySet()) {
            List<Run> rs = e.getValue();
            double[] with = rs.stream().mapToDouble(Run::accuracyWithKd).toArray();
            double[] without = rs.stream().mapToDouble(Run::accuracyWithoutKd).toArray();
            Estimate gain = PairedDifference.mean(with, without, bootstrap);
            double[] gains = rs.stream().mapToDouble(Run::gain).toArray();
            out.add(new Variant(e.getKey(), rs.size(), (int) Arrays.stream(gains).filter(g -> g > 0).count(), mean(without), mean(with), gain.value(), std(gains), gain.lo(), gain.hi(),
                    meanOrNull(rs.stream().map(Run::heldOutCosine).toList()), meanOrNull(rs.stream().map(Run::trainCosine).toList())));
        }
        return new KdComparison(proxy, baseline, (int) Math.round(bootstrap.level() * 100), out, List.copyOf(runs),
                teacherResolutionCeiling == null ? Map.of() : new java.util.TreeMap<>(teacherResolutionCeiling));
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
