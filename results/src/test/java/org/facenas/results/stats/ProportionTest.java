package org.facenas.results.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProportionTest {

    /** P(X >= k) for X ~ Binomial(n, p), summed term by term in log space: the oracle. */
    static double atLeast(int k, int n, double p) {
        double sum = 0;
        for (int x = k; x <= n; x++) {
            sum += Math.exp(logChoose(n, x) + x * Math.log(p) + (n - x) * Math.log1p(-p));
        }
        return sum;
    }

    static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }

    @Test
    void boundsAreWhereTheBinomialTailsReachAlphaOverTwo() {
        int[][] cases = {{1, 10}, {3, 10}, {9, 10}, {37, 200}, {150, 400}, {1, 1000}};
        for (int[] c : cases) {
            int k = c[0];
            int n = c[1];
            Proportion p = Proportion.clopperPearson(k, n, 0.90);
            assertEquals(0.05, atLeast(k, n, p.lo()), 1e-6, k + "/" + n + " lower");
            assertEquals(0.05, 1 - atLeast(k + 1, n, p.hi()), 1e-6, k + "/" + n + " upper");
            assertTrue(p.lo() < p.value() && p.value() < p.hi());
        }
    }

    @Test
    void noneAndAllHaveOneSidedIntervals() {
        Proportion none = Proportion.clopperPearson(0, 100, 0.90);
        assertEquals(0, none.lo());
        // (1 - hi)^n = alpha / 2: the rule of three's exact form
        assertEquals(0.05, Math.pow(1 - none.hi(), 100), 1e-9);
        Proportion all = Proportion.clopperPearson(100, 100, 0.90);
        assertEquals(1, all.hi());
        assertEquals(0.05, Math.pow(all.lo(), 100), 1e-9);
        assertEquals("0.0% [0.0%, 3.0%]", none.formatPercent(1));
        assertThrows(IllegalArgumentException.class, () -> Proportion.clopperPearson(3, 2, 0.9));
    }
}
