package org.facenas.results.stats;

/**
 * The mean of paired differences (treatment - control of the same unit, e.g. the accuracy of one architecture and
 * seed trained with KD minus the same architecture and seed without), with a bootstrap interval over the pairs.
 * Pairing removes the between-architecture spread, which is usually far larger than the effect.
 */
public final class PairedDifference {

    private PairedDifference() {
    }

    public static Estimate mean(double[] treatment, double[] control, Bootstrap bootstrap) {
        Ranks.requireSameLength(treatment, control);
        if (treatment.length == 0) {
            throw new IllegalArgumentException("no pairs to compare");
        }
        double[] diff = new double[treatment.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = treatment[i] - control[i];
        }
        return bootstrap.mean(diff);
    }
}
