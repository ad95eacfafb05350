package org.facenas.results.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    /** The exact bootstrap distribution: every one of the n^n resamples, equally likely; undefined ones dropped. */
    private static double[] exhaustive(int n, ToDoubleFunction<int[]> statistic) {
        List<Double> values = new ArrayList<>();
        int[] idx = new int[n];
        int total = (int) Math.pow(n, n);
        for (int code = 0; code < total; code++) {
            int c = code;
            for (int i = 0; i < n; i++) {
                idx[i] = c % n;
                c /= n;
            }
            double s = statistic.applyAsDouble(idx.clone());
            if (!Double.isNaN(s)) {
                values.add(s);
            }
        }
        double[] out = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(out);
        return out;
    }

    private static double share(double[] sorted, double v, boolean inclusive) {
        int count = 0;
        for (double s : sorted) {
            if (s < v - 1e-12 || (inclusive && Math.abs(s - v) <= 1e-12)) {
                count++;
            }
        }
        return (double) count / sorted.length;
    }

    /**
     * A percentile bound from B resamples is the exact distribution's quantile up to the sampling error of an
     * empirical CDF: by the DKW inequality, sup|F_B - F| <= 0.02 except with probability 2 exp(-2 B 0.02^2)
     * (about 2e-7 at B = 20000).
     */
    private static void assertQuantileOfExact(double[] exact, double bound, double p, String what) {
        double eps = 0.02;
        assertTrue(share(exact, bound, false) <= p + eps, what + ": too much mass below " + bound);
        assertTrue(share(exact, bound, true) >= p - eps, what + ": too little mass at or below " + bound);
    }

    @Test
    void percentileIntervalMatchesExhaustiveEnumerationOnTinyInputs() {
        Random r = new Random(23);
        Bootstrap bootstrap = new Bootstrap(20_000, 0.90, 5);
        for (int trial = 0; trial < 24; trial++) {
            int n = 3 + r.nextInt(3);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextInt(4);
                y[i] = r.nextInt(4);
            }
            ToDoubleFunction<int[]> tau = idx -> KendallTau.tauB(Bootstrap.pick(x, idx), Bootstrap.pick(y, idx));
            ToDoubleFunction<int[]> mean = idx -> Arrays.stream(Bootstrap.pick(x, idx)).average().orElse(Double.NaN);
            for (ToDoubleFunction<int[]> statistic : List.of(tau, mean)) {
                double[] exact = exhaustive(n, statistic);
                Estimate e = bootstrap.over(n, statistic);
                int[] identity = new int[n];
                Arrays.setAll(identity, i -> i);
                double full = statistic.applyAsDouble(identity);
                if (Double.isNaN(full)) {
                    assertTrue(Double.isNaN(e.value()));
                } else {
                    assertEquals(full, e.value(), 1e-12);
                }
                if (exact.length == 0) {
                    assertTrue(!e.hasInterval(), "no defined resample, no interval");
                    continue;
                }
                assertQuantileOfExact(exact, e.lo(), 0.05, "lower bound trial " + trial);
                assertQuantileOfExact(exact, e.hi(), 0.95, "upper bound trial " + trial);
                double definedShare = (double) exact.length / Math.pow(n, n);
                assertEquals(definedShare, e.resamples() / 20_000.0, 0.02, "share of defined resamples");
            }
        }
    }

    @Test
    void theMeansIntervalCoversTheTrueMeanAtAboutItsLevel() {
        // distribution check: over many samples from a known population the 90% interval covers its mean
        // roughly 90% of the time (percentile intervals undercover a little at n = 30)
        Random r = new Random(29);
        Bootstrap bootstrap = new Bootstrap(1000, 0.90, 31);
        int covered = 0;
        int experiments = 400;
        for (int k = 0; k < experiments; k++) {
            double[] sample = new double[30];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = r.nextGaussian() * 2 + 1;
            }
            Estimate e = bootstrap.mean(sample);
            covered += e.lo() <= 1 && 1 <= e.hi() ? 1 : 0;
        }
        double coverage = (double) covered / experiments;
        assertTrue(coverage > 0.82 && coverage < 0.96, "coverage " + coverage);
    }

    @Test
    void sameSeedSameIntervalOtherSeedOtherResamples() {
        Random r = new Random(37);
        double[] x = r.doubles(12).toArray();
        double[] y = r.doubles(12).toArray();
        Estimate a = new Bootstrap(500, 0.9, 1).kendall(x, y);
        Estimate b = new Bootstrap(500, 0.9, 1).kendall(x, y);
        Estimate c = new Bootstrap(500, 0.9, 2).kendall(x, y);
        assertEquals(a, b);
        assertEquals(a.value(), c.value());
        assertNotEquals(List.of(a.lo(), a.hi()), List.of(c.lo(), c.hi()));
        assertTrue(a.lo() <= a.value() + 0.3 && a.value() - 0.3 <= a.hi());
    }

    @Test
    void pairedDifferenceIsTheMeanOfDifferencesWithAnExhaustiveInterval() {
        Random r = new Random(41);
        Bootstrap bootstrap = new Bootstrap(20_000, 0.90, 43);
        for (int trial = 0; trial < 20; trial++) {
            int n = 3 + r.nextInt(3);
            double[] control = new double[n];
            double[] treatment = new double[n];
            for (int i = 0; i < n; i++) {
                control[i] = 0.6 + r.nextInt(30) / 100.0;
                treatment[i] = control[i] + (r.nextInt(7) - 2) / 100.0;
            }
            Estimate e = PairedDifference.mean(treatment, control, bootstrap);
            double brute = 0;
            for (int i = 0; i < n; i++) {
                brute += treatment[i] - control[i];
            }
            assertEquals(brute / n, e.value(), 1e-12);
            double[] exact = exhaustive(n, idx -> {
                double s = 0;
                for (int i : idx) {
                    s += treatment[i] - control[i];
                }
                return s / idx.length;
            });
            assertQuantileOfExact(exact, e.lo(), 0.05, "lower");
            assertQuantileOfExact(exact, e.hi(), 0.95, "upper");
        }
    }

    @Test
    void pairingRemovesTheSpreadBetweenUnits() {
        // architectures differ by up to 20 points; KD adds exactly 1 point to each: the paired interval is [1, 1]
        double[] control = {0.55, 0.62, 0.71, 0.68, 0.75, 0.60};
        double[] treatment = Arrays.stream(control).map(v -> v + 0.01).toArray();
        Estimate e = PairedDifference.mean(treatment, control, Bootstrap.DEFAULT);
        assertEquals(0.01, e.value(), 1e-12);
        assertEquals(0.01, e.lo(), 1e-12);
        assertEquals(0.01, e.hi(), 1e-12);
    }

    @Test
    void aSingleItemHasNoInterval() {
        Estimate e = Bootstrap.DEFAULT.mean(new double[] {0.7});
        assertEquals(0.7, e.value());
        assertTrue(!e.hasInterval());
        assertEquals("0.700", e.format(3));
    }
}
