package org.facenas.results.stats;

/**
 * A statistic with a confidence interval: the value on the full sample and the interval's bounds at the given
 * level (e.g. 0.90). {@code resamples} counts the bootstrap resamples the interval rests on (those whose statistic
 * was defined); an interval from fewer than a few hundred deserves less trust than its digits suggest.
 */
public record Estimate(double value, double lo, double hi, double level, int resamples) {

    /** A value without an interval (e.g. too few items to resample). */
    public static Estimate pointOnly(double value) {
        return new Estimate(value, Double.NaN, Double.NaN, Double.NaN, 0);
    }

    public boolean hasInterval() {
        return !Double.isNaN(lo) && !Double.isNaN(hi);
    }

    public double halfWidth() {
        return hasInterval() ? (hi - lo) / 2 : Double.NaN;
    }

    /** e.g. {@code 0.62 [0.41, 0.80]}, or just the value when there is no interval. */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        if (!hasInterval()) {
            return Double.isNaN(value) ? "n/a" : String.format(f, value);
        }
        return String.format(f + " [" + f + ", " + f + "]", value, lo, hi);
    }
}
