package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facenas.records.CandidateResult;
import org.facenas.records.ZeroCostScores;
import org.facenas.records.proxy.ZeroCostScore;
import org.facenas.results.Metric;
import org.facenas.results.SearchConfig;
import org.junit.jupiter.api.Test;

/** A zero-cost proxy as the first rung of successive halving: it ranks by its score, and configs use it only there. */
class ZeroCostRungTest {

    static CandidateResult scored(String bs, Double synflow, double naswot) {
        return CandidateResult.builder().blockString(bs).status(CandidateResult.Status.OK).proxy("zero-cost").seed(1).params(1000)
                .mflops(100).kd("none").zeroCost(new ZeroCostScores(synflow, naswot, 1.0, 1.0, -5.0, 1000, 100, 0.5,
                        ZeroCostScore.SYNFLOW)).build();
    }

    @Test
    void aZeroCostRungPromotesTheBestByItsRankingScore() {
        Map<String, CandidateResult> rung = new LinkedHashMap<>();
        double[] synflow = {3, 9, 1, 7, 5, 8};
        for (int i = 0; i < synflow.length; i++) {
            // naswot ranks the other way round: only the ranking score may count
            rung.put("a" + i, scored("a" + i, synflow[i], -synflow[i]));
        }
        rung.put("nan", scored("nan", null, 100));
        SuccessiveHalving halving = new SuccessiveHalving(2, 3, List.of(Metric.ROCAUC.objective()), Metric.ROCAUC);
        assertEquals(List.of("a1", "a5"), halving.top(rung), "the top 7/3 = 2 by synflow; a non-finite score is never promoted");
        assertTrue(!Metric.ACCURACY.scored(rung.get("nan")) && Metric.ACCURACY.scored(rung.get("a0")));
        assertEquals(9.0, Metric.ACCURACY.value(rung.get("a1")));
    }

    @Test
    void configsUseAZeroCostProxyOnlyAsTheFirstOfSeveralRungs() {
        String base = "name: x\ndata: /tmp\npopulationSize: 4\ngenerations: 2\n";
        SearchConfig ok = SearchConfig.parse(base + "strategy: aging\nfidelity: {rungs: [zero-cost, quick]}\n", "t");
        assertEquals(ZeroCostScore.SYNFLOW, ok.proxySettings(0).zeroCost());
        assertEquals(ZeroCostScore.NASWOT, SearchConfig.parse(base + "fidelity: {rungs: ['zn=zero-cost:score=naswot', quick]}\n", "t")
                .proxySettings(0).zeroCost());
        for (String[] bad : new String[][] {
                {"proxy: zero-cost", "trains nothing"},
                {"fidelity: {rungs: [zero-cost]}", "first of two or more"},
                {"fidelity: {rungs: [tiny, zero-cost]}", "first of two or more"},
                {"strategy: aging\nfidelity: {rungs: ['zj=zero-cost:score=jacobCov', quick]}", "jacobCov"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.parse(base + bad[0] + "\n", "t"));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }
}
