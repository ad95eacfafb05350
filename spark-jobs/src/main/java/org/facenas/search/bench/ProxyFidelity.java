package org.facenas.search.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facenas.results.stats.Bootstrap;
import org.facenas.results.stats.Estimate;
import org.facenas.results.stats.KendallTau;
import org.facenas.results.stats.SpearmanRho;

/**
 * What a proxy's score is worth, from a benchmark's records: how well two seeds of the same proxy agree on the
 * ranking of the architectures (repeatability), and how well a cheaper proxy ranks like a more expensive one
 * (fidelity); each as Kendall tau-b and Spearman rho with a bootstrap interval over architectures.
 */
public final class ProxyFidelity {

    /** Tau of seed-to-seed agreement a ranking needs before its order means much (the goal). */
    public static final double TARGET_TAU = 0.6;

    /** Cost of a proxy, measured over its OK runs. */
    public record Cost(int runs, int failed, double trainSeconds, double evalSeconds, double imagesPerSecond) {
    }

    /**
     * Seed-to-seed agreement of one proxy on one score.
     *
     * @param archs          architectures scored under every seed
     * @param pearson        mean seed-to-seed Pearson correlation of the score (what the prediction rests on)
     * @param seedStd        within-architecture spread: root mean of the per-architecture variance over seeds
     * @param archStd        between-architecture spread: std of the per-architecture seed means
     * @param seedsForTarget seeds to average per architecture for the seed-mean rankings of two independent runs to
     *                       reach {@link #TARGET_TAU} (Spearman-Brown on the Pearson reliability, tau = 2/pi asin r
     *                       for normal scores); NaN when no number of seeds would (no positive correlation)
     */
    public record SeedAgreement(BenchScore score, int archs, Estimate tau, Estimate rho, double pearson, double seedStd,
                                double archStd, double seedsForTarget) {
    }

    /** A cheaper proxy's ranking against a more expensive one's (same seed, mean over seeds). */
    public record ProxyAgreement(String cheaper, String expensive, BenchScore score, int archs, Estimate tau, Estimate rho) {
    }

    public record ProxyReport(String proxy, String settings, Cost cost, List<SeedAgreement> seeds) {
    }

    public record Report(List<String> architectures, List<Long> seeds, List<ProxyReport> proxies,
                         List<ProxyAgreement> pairs) {
    }

    private ProxyFidelity() {
    }

    /** Proxies in the given order for the per-proxy part; pairs run from cheaper to more expensive (measured train seconds). */
    public static Report analyse(List<BenchRecord> records, List<String> proxies, List<Long> seeds, List<BenchScore> scores,
                                 Bootstrap bootstrap) {
        List<String> archs = records.stream().map(r -> r.label()).distinct().toList();
        List<ProxyReport> reports = new ArrayList<>();
        Map<String, Double> cost = new LinkedHashMap<>();
        for (String p : proxies) {
            List<BenchRecord> mine = records.stream().filter(r -> r.proxyName().equals(p)).toList();
            Cost c = cost(mine);
            cost.put(p, c.runs() == 0 ? Double.POSITIVE_INFINITY : c.trainSeconds() + c.evalSeconds());
            List<SeedAgreement> agreements = new ArrayList<>();
            for (BenchScore s : scores) {
                seedAgreement(mine, archs, seeds, s, bootstrap).ifPresent(agreements::add);
            }
            String settings = mine.isEmpty() ? "" : mine.get(0).proxy();
            reports.add(new ProxyReport(p, settings, c, agreements));
        }
        List<String> byCost = new ArrayList<>(proxies);
        byCost.sort(Comparator.comparingDouble(cost::get));
        List<ProxyAgreement> pairs = new ArrayList<>();
        for (int i = 0; i < byCost.size(); i++) {
            for (int j = i + 1; j < byCost.size(); j++) {
                for (BenchScore s : scores) {
                    proxyAgreement(records, archs, seeds, byCost.get(i), byCost.get(j), s, bootstrap).ifPresent(pairs::add);
                }
            }
        }
        return new Report(archs, List.copyOf(seeds), reports, pairs);
    }

    static Cost cost(List<BenchRecord> records) {
        List<BenchRecord> ok = records.stream().filter(BenchRecord::ok).toList();
        return new Cost(ok.size(), records.size() - ok.size(),
                ok.stream().mapToDouble(r -> r.number("trainSeconds").orElse(0.0)).average().orElse(Double.NaN),
                ok.stream().mapToDouble(r -> r.number("evalSeconds").orElse(0.0)).average().orElse(Double.NaN),
                ok.stream().mapToDouble(r -> r.number("imagesPerSecond").orElse(0.0)).average().orElse(Double.NaN));
    }

    /** score[seed index][arch index] for the architectures scored under every one of the seeds. */
    private static Optional<double[][]> table(List<BenchRecord> records, List<String> archs, List<Long> seeds,
                                              String proxy, BenchScore score, List<String> keptArchs) {
        double[][] t = new double[seeds.size()][];
        List<double[]> columns = new ArrayList<>();
        for (String a : archs) {
            double[] col = new double[seeds.size()];
            boolean all = true;
            for (int k = 0; k < seeds.size() && all; k++) {
                long seed = seeds.get(k);
                Optional<Double> v = records.stream().filter(r -> r.ok() && r.proxyName().equals(proxy)
                        && r.label().equals(a) && r.seed() == seed).findFirst().flatMap(r -> r.number(score.field()));
                all = v.isPresent();
                col[k] = v.orElse(Double.NaN);
            }
            if (all) {
                columns.add(col);
                keptArchs.add(a);
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        for (int k = 0; k < seeds.size(); k++) {
            t[k] = new double[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                t[k][i] = columns.get(i)[k];
            }
        }
        return Optional.of(t);
    }

    static Optional<SeedAgreement> seedAgreement(List<BenchRecord> records, List<String> archs, List<Long> seeds, BenchScore score,
                                                 Bootstrap bootstrap) {
        if (seeds.size() < 2 || records.isEmpty()) {
            return Optional.empty();
        }
        String proxy = records.get(0).proxyName();
        List<String> kept = new ArrayList<>();
        Optional<double[][]> maybe = table(records, archs, seeds, proxy, score, kept);
        if (maybe.isEmpty() || kept.size() < 3) {
            return Optional.empty();
        }
        double[][] t = maybe.get();
        int n = kept.size();
        Estimate tau = bootstrap.over(n, idx -> meanOverSeedPairs(t, idx, true));
        Estimate rho = bootstrap.over(n, idx -> meanOverSeedPairs(t, idx, false));
        double pearson = 0;
        int pairs = 0;
        for (int a = 0; a < t.length; a++) {
            for (int b = a + 1; b < t.length; b++) {
                pearson += pearson(t[a], t[b]);
                pairs++;
            }
        }
        pearson /= pairs;
        double within = 0;
        double[] means = new double[n];
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (double[] row : t) {
                m += row[i];
            }
            m /= t.length;
            means[i] = m;
            double v = 0;
            for (double[] row : t) {
                v += (row[i] - m) * (row[i] - m);
            }
            within += v / (t.length - 1);
        }
        double seedStd = Math.sqrt(within / n);
        double archStd = std(means);
        return Optional.of(new SeedAgreement(score, n, tau, rho, pearson, seedStd, archStd, seedsForTarget(pearson)));
    }

    /** Spearman-Brown: k seeds averaged give reliability k r / (1 + (k - 1) r); tau = 2/pi asin(reliability). */
    static double seedsForTarget(double r) {
        if (!(r > 0)) {
            return Double.NaN;
        }
        double needed = Math.sin(TARGET_TAU * Math.PI / 2);
        if (r >= needed) {
            return 1;
        }
        return needed * (1 - r) / (r * (1 - needed));
    }

    static Optional<ProxyAgreement> proxyAgreement(List<BenchRecord> records, List<String> archs, List<Long> seeds, String cheaper,
                                                   String expensive, BenchScore score, Bootstrap bootstrap) {
        List<Long> common = new ArrayList<>();
        for (long s : seeds) {
            boolean both = records.stream().anyMatch(r -> r.proxyName().equals(cheaper) && r.seed() == s)
                    && records.stream().anyMatch(r -> r.proxyName().equals(expensive) && r.seed() == s);
            if (both) {
                common.add(s);
            }
        }
        if (common.isEmpty()) {
            return Optional.empty();
        }
        List<String> keptCheap = new ArrayList<>();
        List<String> keptExpensive = new ArrayList<>();
        Optional<double[][]> c = table(records, archs, common, cheaper, score, keptCheap);
        Optional<double[][]> e = table(records, archs, common, expensive, score, keptExpensive);
        if (c.isEmpty() || e.isEmpty()) {
            return Optional.empty();
        }
        List<String> both = keptCheap.stream().filter(keptExpensive::contains).toList();
        if (both.size() < 3) {
            return Optional.empty();
        }
        double[][] x = restrict(c.get(), keptCheap, both);
        double[][] y = restrict(e.get(), keptExpensive, both);
        Estimate tau = bootstrap.over(both.size(), idx -> meanOverSeeds(x, y, idx, true));
        Estimate rho = bootstrap.over(both.size(), idx -> meanOverSeeds(x, y, idx, false));
        return Optional.of(new ProxyAgreement(cheaper, expensive, score, both.size(), tau, rho));
    }

    private static double[][] restrict(double[][] t, List<String> kept, List<String> wanted) {
        double[][] out = new double[t.length][wanted.size()];
        for (int k = 0; k < t.length; k++) {
            for (int i = 0; i < wanted.size(); i++) {
                out[k][i] = t[k][kept.indexOf(wanted.get(i))];
            }
        }
        return out;
    }

    private static double meanOverSeedPairs(double[][] t, int[] idx, boolean kendall) {
        double sum = 0;
        int count = 0;
        for (int a = 0; a < t.length; a++) {
            for (int b = a + 1; b < t.length; b++) {
                double v = correlation(Bootstrap.pick(t[a], idx), Bootstrap.pick(t[b], idx), kendall);
                if (Double.isNaN(v)) {
                    return Double.NaN;
                }
                sum += v;
                count++;
            }
        }
        return sum / count;
    }

    private static double meanOverSeeds(double[][] x, double[][] y, int[] idx, boolean kendall) {
        double sum = 0;
        for (int k = 0; k < x.length; k++) {
            double v = correlation(Bootstrap.pick(x[k], idx), Bootstrap.pick(y[k], idx), kendall);
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            sum += v;
        }
        return sum / x.length;
    }

    private static double correlation(double[] a, double[] b, boolean kendall) {
        return kendall ? KendallTau.tauB(a, b) : SpearmanRho.rho(a, b);
    }

    private static double pearson(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return v.length < 2 ? Double.NaN : Math.sqrt(s / (v.length - 1));
    }
}
