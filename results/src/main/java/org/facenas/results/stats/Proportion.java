package org.facenas.results.stats;

import java.util.Locale;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * A share estimated from independent yes/no draws (e.g. sampled architectures that fit a budget), with the exact
 * Clopper-Pearson interval: conservative, and defined at 0 and n successes, where a bootstrap collapses to a point.
 *
 * @param successes draws that said yes
 * @param trials    draws
 * @param lo        lower bound (0 when there are no successes)
 * @param hi        upper bound (1 when every draw succeeded)
 * @param level     coverage, e.g. 0.90
 */
public record Proportion(int successes, int trials, double lo, double hi, double level) {

    public Proportion {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("a proportion needs 0 <= successes <= trials and trials >= 1, got "
                    + successes + " of " + trials);
        }
    }

    public static Proportion clopperPearson(int successes, int trials, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be in (0, 1), got " + level);
        }
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("a proportion needs 0 <= successes <= trials and trials >= 1, got "
                    + successes + " of " + trials);
        }
        double tail = (1 - level) / 2;
        // the bounds are the p at which seeing at least (at most) this many successes has probability tail
        double lo = successes == 0 ? 0 : beta(successes, trials - successes + 1).inverseCumulativeProbability(tail);
        double hi = successes == trials ? 1 : beta(successes + 1, trials - successes).inverseCumulativeProbability(1 - tail);
        return new Proportion(successes, trials, lo, hi, level);
    }

    private static BetaDistribution beta(double a, double b) {
        // commons-math's default inverse accuracy (1e-9) is coarser than the tails it is checked against
        return new BetaDistribution(null, a, b, 1e-14);
    }

    public double value() {
        return successes / (double) trials;
    }

    /** e.g. {@code 61.2% [59.4%, 63.0%]}. */
    public String formatPercent(int decimals) {
        String f = "%." + decimals + "f%%";
        return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", 100 * value(), 100 * lo, 100 * hi);
    }
}
