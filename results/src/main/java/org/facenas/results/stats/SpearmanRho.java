package org.facenas.results.stats;

/** Spearman's rho: Pearson's correlation of the two rankings' average ranks (so ties are handled exactly). */
public final class SpearmanRho {

    private SpearmanRho() {
    }

    /** @return rho in [-1, 1], or NaN where undefined (fewer than two items, or one ranking all tied) */
    public static double rho(double[] x, double[] y) {
        Ranks.requireSameLength(x, y);
        if (x.length < 2) {
            return Double.NaN;
        }
        return pearson(Ranks.average(x), Ranks.average(y));
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        if (saa == 0 || sbb == 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
    }
}
