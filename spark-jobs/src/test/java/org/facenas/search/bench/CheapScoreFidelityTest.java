package org.facenas.search.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.stats.Bootstrap;
import org.facenas.results.stats.KendallTau;
import org.junit.jupiter.api.Test;

/** Cheap scores against trained proxies on made-up records whose agreement is known. */
class CheapScoreFidelityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static BenchRecord trained(String arch, long seed, double auc, long params) {
        ObjectNode r = JSON.createObjectNode();
        r.put("status", "OK");
        r.put("rocAuc", auc);
        r.put("accuracy", auc);
        r.put("params", params);
        r.put("mflops", params / 1000.0);
        return BenchRecord.of(new BenchTask(arch, "bs-" + arch, ProxySettings.preset("quick"), seed, "none"), r, "driver", "now");
    }

    private static BenchRecord zeroCost(String arch, long seed, double synflow, double naswot, long params) {
        ObjectNode r = JSON.createObjectNode();
        r.put("status", "OK");
        r.putNull("rocAuc");
        r.put("params", params);
        r.put("mflops", params / 1000.0);
        ObjectNode z = r.putObject("zeroCost");
        z.put("synflow", synflow);
        z.put("naswot", naswot);
        z.putNull("gradNorm");
        z.put("ranking", "synflow");
        return BenchRecord.of(new BenchTask(arch, "bs-" + arch, ProxySettings.preset("zero-cost"), seed, "none"), r, "driver", "now");
    }

    @Test
    void eachCheapScoreIsRankedAgainstTheSeedMeanQualityOfEachTrainedProxy() {
        Random random = new Random(7);
        List<BenchRecord> records = new ArrayList<>();
        int n = 9;
        double[] auc = new double[n];
        double[] naswot = new double[n];
        for (int i = 0; i < n; i++) {
            // seed 1 and 2 of quick differ; their mean is what counts
            double a1 = random.nextDouble();
            double a2 = random.nextDouble();
            auc[i] = (a1 + a2) / 2;
            naswot[i] = random.nextGaussian();
            long params = 1000L * (n - i);
            records.add(trained("a" + i, 1, a1, params));
            records.add(trained("a" + i, 2, a2, params));
            // synflow is the mean AUC's exact order (its seeds disagree only by a constant); naswot is noise
            records.add(zeroCost("a" + i, 1, 10 * auc[i], naswot[i] + 1, params));
            records.add(zeroCost("a" + i, 2, 10 * auc[i] + 2, naswot[i] - 1, params));
        }
        Bootstrap b = new Bootstrap(200, 0.9, 1);
        List<CheapScoreFidelity.Agreement> out = CheapScoreFidelity.analyse(records, b);
        CheapScoreFidelity.Agreement synflow = find(out, BenchScore.SYNFLOW, BenchScore.ROC_AUC);
        assertEquals(1.0, synflow.tau().value(), 1e-12);
        assertEquals("zero-cost", synflow.source());
        assertEquals("quick", synflow.trained());
        assertEquals(n, synflow.archs());
        assertEquals(KendallTau.tauB(naswot, auc), find(out, BenchScore.NASWOT, BenchScore.ROC_AUC).tau().value(), 1e-12);
        // params fall as i rises: their tau is that of -i against the AUC
        double[] minusI = java.util.stream.IntStream.range(0, n).mapToDouble(i -> -i).toArray();
        CheapScoreFidelity.Agreement params = find(out, BenchScore.PARAMS, BenchScore.ROC_AUC);
        assertEquals(KendallTau.tauB(minusI, auc), params.tau().value(), 1e-12);
        assertEquals("cost model", params.source());
        assertTrue(out.stream().noneMatch(a -> a.score() == BenchScore.GRAD_NORM), "a score no record has is left out");
        assertTrue(out.stream().noneMatch(a -> a.trained().equals("zero-cost")), "a zero-cost proxy is never the trained side");
    }

    private static CheapScoreFidelity.Agreement find(List<CheapScoreFidelity.Agreement> out, BenchScore s, BenchScore q) {
        return out.stream().filter(a -> a.score() == s && a.quality() == q).findFirst().orElseThrow();
    }
}
