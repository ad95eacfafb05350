package org.facenas.results.stats;

import java.util.Arrays;

/** The mean and the sample standard deviation (n - 1) of a few values, e.g. one architecture's scores over seeds. */
public final class Sample {

    private Sample() {
    }

    /** NaN for no values. */
    public static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).sum() / values.length;
    }

    /** The sample standard deviation; NaN for fewer than two values (one value says nothing about the spread). */
    public static double std(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double m = mean(values);
        double s = 0;
        for (double x : values) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (values.length - 1));
    }
}
