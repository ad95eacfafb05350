package org.facenas.results.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Seeded percentile bootstrap over items: resample the items (architectures, architecture-seed pairs) with
 * replacement, recompute the statistic on each resample, and take the empirical quantiles. The items are what
 * varies between repetitions of the experiment (another draw of architectures), so that is what is resampled.
 *
 * <p>The statistic receives the resample as an array of item indices (duplicates allowed); resamples where it is
 * undefined (NaN, e.g. tau over a resample that drew one architecture n times) are left out and counted.
 *
 * @param resamples number of bootstrap resamples (e.g. 2000)
 * @param level     coverage of the interval, e.g. 0.90 for the 5th and 95th percentiles
 * @param seed      the same seed, items and statistic give the same interval
 */
public record Bootstrap(int resamples, double level, long seed) {

    public static final Bootstrap DEFAULT = new Bootstrap(2000, 0.90, 20_261_130L);

    public Bootstrap {
        if (resamples < 1) {
            throw new IllegalArgumentException("bootstrap resamples must be >= 1, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("bootstrap level must be in (0, 1), got " + level);
        }
    }

    /**
     * @param items     number of items the statistic is computed over
     * @param statistic the statistic of a (re)sample, given as item indices
     */
    public Estimate over(int items, ToDoubleFunction<int[]> statistic) {
        int[] identity = new int[items];
        for (int i = 0; i < items; i++) {
            identity[i] = i;
        }
        double value = statistic.applyAsDouble(identity);
        if (items < 2) {
            return Estimate.pointOnly(value);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        int defined = 0;
        int[] sample = new int[items];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < items; i++) {
                sample[i] = random.nextInt(items);
            }
            double s = statistic.applyAsDouble(sample);
            if (!Double.isNaN(s)) {
                stats[defined++] = s;
            }
        }
        if (defined == 0) {
            return Estimate.pointOnly(value);
        }
        double[] sorted = Arrays.copyOf(stats, defined);
        Arrays.sort(sorted);
        double tail = (1 - level) / 2;
        return new Estimate(value, quantile(sorted, tail), quantile(sorted, 1 - tail), level, defined);
    }

    /** Kendall tau-b between two scorings of the same items, resampling items. */
    public Estimate kendall(double[] x, double[] y) {
        Ranks.requireSameLength(x, y);
        return over(x.length, idx -> KendallTau.tauB(pick(x, idx), pick(y, idx)));
    }

    /** Spearman rho between two scorings of the same items, resampling items. */
    public Estimate spearman(double[] x, double[] y) {
        Ranks.requireSameLength(x, y);
        return over(x.length, idx -> SpearmanRho.rho(pick(x, idx), pick(y, idx)));
    }

    /** The mean of the values, resampling them. */
    public Estimate mean(double[] values) {
        Ranks.requireFinite(values);
        return over(values.length, idx -> {
            double sum = 0;
            for (int i : idx) {
                sum += values[i];
            }
            return idx.length == 0 ? Double.NaN : sum / idx.length;
        });
    }

    /**
     * Inverse of the empirical distribution function (the smallest value whose share of values at or below it
     * reaches p), so a bound is always a statistic some resample produced.
     */
    static double quantile(double[] sorted, double p) {
        int k = (int) Math.ceil(p * sorted.length - 1e-9) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
    }

    public static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }
}
