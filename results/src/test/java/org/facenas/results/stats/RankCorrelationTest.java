package org.facenas.results.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RankCorrelationTest {

    /** Scores on a coarse grid so that ties (within and across both rankings) are common. */
    private static double[] coarse(Random r, int n, int levels) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.5 + r.nextInt(levels) / 100.0;
        }
        return v;
    }

    /** Oracle: classify every pair directly. */
    private static double bruteTauB(double[] x, double[] y) {
        long concordant = 0;
        long discordant = 0;
        long onlyX = 0;
        long onlyY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double dx = Math.signum(x[i] - x[j]);
                double dy = Math.signum(y[i] - y[j]);
                if (dx == 0 && dy == 0) {
                    continue;
                } else if (dx == 0) {
                    onlyX++;
                } else if (dy == 0) {
                    onlyY++;
                } else if (dx == dy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double den = Math.sqrt((double) (concordant + discordant + onlyY) * (concordant + discordant + onlyX));
        return den == 0 ? Double.NaN : (concordant - discordant) / den;
    }

    /** Oracle: a value's rank is 1 + the number below it + half the number of others equal to it. */
    private static double[] bruteRanks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int below = 0;
            int equalOthers = 0;
            for (int j = 0; j < v.length; j++) {
                if (v[j] < v[i]) {
                    below++;
                } else if (v[j] == v[i] && j != i) {
                    equalOthers++;
                }
            }
            r[i] = 1 + below + equalOthers / 2.0;
        }
        return r;
    }

    private static double brutePearson(double[] a, double[] b) {
        int n = a.length;
        double sa = 0;
        double sb = 0;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sa += a[i];
            sb += b[i];
            sab += a[i] * b[i];
            saa += a[i] * a[i];
            sbb += b[i] * b[i];
        }
        double cov = sab - sa * sb / n;
        double va = saa - sa * sa / n;
        double vb = sbb - sb * sb / n;
        return va <= 1e-12 || vb <= 1e-12 ? Double.NaN : cov / Math.sqrt(va * vb);
    }

    private static void assertSame(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
        } else {
            assertEquals(expected, actual, 1e-9, what);
        }
    }

    @Test
    void kendallTauBEqualsPairCountingOverRandomRankingsWithTies() {
        Random r = new Random(13);
        int nanSeen = 0;
        for (int trial = 0; trial < 3000; trial++) {
            int n = 1 + r.nextInt(30);
            int levels = 1 + r.nextInt(12);
            double[] x = coarse(r, n, levels);
            double[] y = r.nextBoolean() ? coarse(r, n, 1 + r.nextInt(12)) : noisyCopy(r, x);
            double expected = bruteTauB(x, y);
            nanSeen += Double.isNaN(expected) ? 1 : 0;
            assertSame(expected, KendallTau.tauB(x, y), "tau-b trial " + trial);
        }
        assertTrue(nanSeen > 0 && nanSeen < 1500, "the trials cover defined and undefined cases: " + nanSeen);
    }

    private static double[] noisyCopy(Random r, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = r.nextInt(4) == 0 ? 0.5 + r.nextInt(5) / 100.0 : x[i];
        }
        return y;
    }

    @Test
    void spearmanRhoEqualsPearsonOfBruteForceAverageRanks() {
        Random r = new Random(17);
        for (int trial = 0; trial < 3000; trial++) {
            int n = 1 + r.nextInt(30);
            double[] x = coarse(r, n, 1 + r.nextInt(12));
            double[] y = r.nextBoolean() ? coarse(r, n, 1 + r.nextInt(12)) : noisyCopy(r, x);
            assertEquals(bruteRanks(x).length, Ranks.average(x).length);
            double[] rx = bruteRanks(x);
            double[] fast = Ranks.average(x);
            for (int i = 0; i < n; i++) {
                assertEquals(rx[i], fast[i], 1e-12);
            }
            double expected = n < 2 ? Double.NaN : brutePearson(bruteRanks(x), bruteRanks(y));
            assertSame(expected, SpearmanRho.rho(x, y), "rho trial " + trial);
        }
    }

    @Test
    void withoutTiesRhoMatchesTheSquaredRankDifferenceFormula() {
        Random r = new Random(19);
        for (int trial = 0; trial < 500; trial++) {
            int n = 2 + r.nextInt(25);
            double[] x = r.doubles(n).toArray();
            double[] y = r.doubles(n).toArray();
            double[] rx = bruteRanks(x);
            double[] ry = bruteRanks(y);
            double d2 = 0;
            for (int i = 0; i < n; i++) {
                d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
            }
            assertEquals(1 - 6 * d2 / (n * ((double) n * n - 1)), SpearmanRho.rho(x, y), 1e-9);
        }
    }

    @Test
    void identicalAndReversedRankingsGivePlusAndMinusOne() {
        double[] x = {0.7, 0.72, 0.69, 0.75, 0.71};
        double[] reversed = {-0.7, -0.72, -0.69, -0.75, -0.71};
        assertEquals(1.0, KendallTau.tauB(x, x), 1e-12);
        assertEquals(-1.0, KendallTau.tauB(x, reversed), 1e-12);
        assertEquals(1.0, SpearmanRho.rho(x, x), 1e-12);
        assertEquals(-1.0, SpearmanRho.rho(x, reversed), 1e-12);
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KendallTau.tauB(new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("different lengths"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SpearmanRho.rho(new double[] {1, Double.NaN}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
