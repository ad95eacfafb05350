package org.facenas.results.stats;

import java.util.Arrays;

/**
 * Kendall's tau-b between two rankings of the same items, with ties (Knight's O(n log n) algorithm): the
 * (concordant - discordant) pair count over the geometric mean of the pairs untied in each ranking. Ties matter
 * here: a proxy that scores 200 verification pairs produces equal accuracies for different architectures.
 */
public final class KendallTau {

    private KendallTau() {
    }

    /**
     * @return tau-b in [-1, 1], or NaN where it is undefined (fewer than two items, or one ranking all tied)
     */
    public static double tauB(double[] x, double[] y) {
        Ranks.requireSameLength(x, y);
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> {
            int c = Double.compare(x[a], x[b]);
            return c != 0 ? c : Double.compare(y[a], y[b]);
        });
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            ys[i] = y[boxed[i]];
        }
        long tiedX = 0;
        long tiedXY = 0;
        long runX = 1;
        long runXY = 1;
        for (int i = 1; i < n; i++) {
            boolean sameX = x[boxed[i]] == x[boxed[i - 1]];
            boolean sameXY = sameX && ys[i] == ys[i - 1];
            if (sameX) {
                runX++;
            } else {
                tiedX += pairs(runX);
                runX = 1;
            }
            if (sameXY) {
                runXY++;
            } else {
                tiedXY += pairs(runXY);
                runXY = 1;
            }
        }
        tiedX += pairs(runX);
        tiedXY += pairs(runXY);
        long discordant = mergeSortSwaps(ys, new double[n], 0, n);
        long tiedY = 0;
        long runY = 1;
        for (int i = 1; i < n; i++) {
            if (ys[i] == ys[i - 1]) {
                runY++;
            } else {
                tiedY += pairs(runY);
                runY = 1;
            }
        }
        tiedY += pairs(runY);
        long total = pairs(n);
        double denominator = Math.sqrt((double) (total - tiedX) * (double) (total - tiedY));
        if (denominator == 0) {
            return Double.NaN;
        }
        long numerator = total - tiedX - tiedY + tiedXY - 2 * discordant;
        return numerator / denominator;
    }

    private static long pairs(long t) {
        return t * (t - 1) / 2;
    }

    /** Sorts {@code a[from, to)} ascending and returns the number of strictly inverted pairs. */
    private static long mergeSortSwaps(double[] a, double[] scratch, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        int mid = (from + to) >>> 1;
        long swaps = mergeSortSwaps(a, scratch, from, mid) + mergeSortSwaps(a, scratch, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            if (a[j] < a[i]) {
                swaps += mid - i;
                scratch[k++] = a[j++];
            } else {
                scratch[k++] = a[i++];
            }
        }
        while (i < mid) {
            scratch[k++] = a[i++];
        }
        while (j < to) {
            scratch[k++] = a[j++];
        }
        System.arraycopy(scratch, from, a, from, to - from);
        return swaps;
    }
}
