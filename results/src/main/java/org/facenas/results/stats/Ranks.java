package org.facenas.results.stats;

import java.util.Arrays;

/** Ranks with ties sharing their average rank (1-based), the convention Spearman's rho needs. */
public final class Ranks {

    private Ranks() {
    }

    public static double[] average(double[] values) {
        requireFinite(values);
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            // positions i..j (0-based) share ranks i+1..j+1
            double shared = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = shared;
            }
            i = j + 1;
        }
        return ranks;
    }

    static void requireSameLength(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("two rankings of different lengths: " + x.length + " and " + y.length);
        }
        requireFinite(x);
        requireFinite(y);
    }

    static void requireFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("a score to rank is " + v + "; drop unscored items first");
            }
        }
    }
}
