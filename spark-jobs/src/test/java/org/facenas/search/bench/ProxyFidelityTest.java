package org.facenas.search.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.facenas.records.proxy.ProxyOverrides;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.stats.Bootstrap;
import org.facenas.results.stats.KendallTau;
import org.facenas.searchspace.budget.Budget;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.cost.CostModel;
import org.junit.jupiter.api.Test;

/** The analysis on made-up records whose agreement is known, the proxy syntax, and the architecture sample. */
class ProxyFidelityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static BenchRecord record(String arch, ProxySettings proxy, long seed, double accuracy, double seconds) {
        ObjectNode r = JSON.createObjectNode();
        r.put("status", "OK");
        r.put("accuracy", accuracy);
        r.put("rocAuc", accuracy);
        r.put("trainSeconds", seconds);
        r.put("evalSeconds", 1.0);
        r.put("imagesPerSecond", 100.0);
        return BenchRecord.of(new BenchTask(arch, "bs-" + arch, proxy, seed, "none"), r, "driver", "now");
    }

    @Test
    void seedAgreementIsTheKendallTauOfTheTwoSeedsAndFidelityGoesFromCheapToExpensive() {
        Random random = new Random(3);
        ProxySettings cheap = ProxyOverrides.parse("cheap=tiny:epochs=1");
        ProxySettings dear = ProxySettings.preset("quick");
        for (int trial = 0; trial < 30; trial++) {
            int n = 4 + random.nextInt(10);
            List<BenchRecord> records = new ArrayList<>();
            double[][] cheapScores = new double[2][n];
            double[][] dearScores = new double[2][n];
            for (int i = 0; i < n; i++) {
                double truth = random.nextGaussian();
                for (int s = 0; s < 2; s++) {
                    cheapScores[s][i] = Math.round((truth + random.nextGaussian()) * 10) / 10.0;
                    dearScores[s][i] = truth + 0.1 * random.nextGaussian();
                    records.add(record("a" + i, cheap, s + 1, cheapScores[s][i], 2));
                    records.add(record("a" + i, dear, s + 1, dearScores[s][i], 600));
                }
            }
            // listed expensive first: pairs still go from the cheaper to the more expensive (measured seconds)
            ProxyFidelity.Report report = ProxyFidelity.analyse(records, List.of("quick", "cheap"), List.of(1L, 2L),
                    List.of(BenchScore.ACCURACY), new Bootstrap(300, 0.9, 1));
            ProxyFidelity.SeedAgreement c = report.proxies().get(1).seeds().get(0);
            assertEquals(KendallTau.tauB(cheapScores[0], cheapScores[1]), c.tau().value(), 1e-12);
            assertTrue(c.tau().lo() <= c.tau().hi());
            ProxyFidelity.ProxyAgreement pair = report.pairs().get(0);
            assertEquals("cheap", pair.cheaper());
            assertEquals("quick", pair.expensive());
            double expected = (KendallTau.tauB(cheapScores[0], dearScores[0]) + KendallTau.tauB(cheapScores[1], dearScores[1])) / 2;
            assertEquals(expected, pair.tau().value(), 1e-12);
        }
    }

    @Test
    void spearmanBrownSeedsReachTheTargetTau() {
        for (double r = 0.05; r < 0.95; r += 0.05) {
            double k = ProxyFidelity.seedsForTarget(r);
            double reliability = k * r / (1 + (k - 1) * r);
            double tau = 2 / Math.PI * Math.asin(reliability);
            if (k > 1) {
                assertEquals(ProxyFidelity.TARGET_TAU, tau, 1e-9, "r " + r);
            } else {
                assertTrue(tau >= ProxyFidelity.TARGET_TAU - 1e-9);
            }
        }
        assertTrue(Double.isNaN(ProxyFidelity.seedsForTarget(-0.2)));
    }

    @Test
    void namedOverridesChangeOnlyWhatTheyName() {
        ProxySettings p = ProxyOverrides.parse("q64=quick:trainIdentities=64:epochs=2:pairsPerFold=0");
        ProxySettings q = ProxySettings.preset("quick");
        assertEquals("q64", p.name());
        assertEquals(64, p.trainIdentities());
        assertEquals(2, p.epochs());
        assertEquals(q.inputSize(), p.inputSize());
        assertEquals(q.learningRate(), p.learningRate());
        assertEquals(ProxySettings.preset("tiny"), ProxyOverrides.parse("tiny"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProxyOverrides.parse("x=tiny:colour=red"))
                .getMessage().contains("unknown key 'colour'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProxyOverrides.parse("quick=tiny:epochs=1"))
                .getMessage().contains("not a preset's name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProxyOverrides.parse("x=tiny:epochs=two"))
                .getMessage().contains("epochs must be a whole number, not 'two'"));
        assertThrows(IllegalArgumentException.class, () -> ProxyOverrides.parse("fast"));
    }

    @Test
    void architecturesFitTheBudgetSpreadOverItsCostRangeAndAreReproducible() {
        ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.named("mbf-space"));
        Budget budget = Budget.preset("lfr-light");
        List<BenchArchitectures.Entry> a = BenchArchitectures.select(codec, budget, 12, 7);
        assertEquals(12, a.size());
        assertEquals(a, BenchArchitectures.select(codec, budget, 12, 7));
        assertTrue(a.stream().map(e -> e.architecture().blockString()).distinct().count() == 12);
        a.forEach(e -> assertTrue(budget.allows(e.architecture(), CostModel.of(e.architecture())), e.label()));
        assertTrue(a.stream().anyMatch(e -> e.label().equals("mobilefacenet-512")), "zoo members that fit come first");
        List<Double> sampled = a.stream().filter(e -> e.label().startsWith("s")).map(e -> CostModel.of(e.architecture()).mflops())
                .sorted(Comparator.naturalOrder()).toList();
        double max = budget.mflops().max();
        assertTrue(sampled.get(0) < 0.35 * max && sampled.get(sampled.size() - 1) > 0.5 * max,
                "spread over the budget's MFLOPs: " + sampled);
    }
}
