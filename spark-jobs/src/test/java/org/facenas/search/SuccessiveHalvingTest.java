package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.facenas.records.CandidateResult;
import org.facenas.results.RunFront;
import org.junit.jupiter.api.Test;

/** ASHA's promotion rule checked against a brute-force reading of its definition over random rungs. */
class SuccessiveHalvingTest {

    static CandidateResult result(String bs, boolean ok, double accuracy, double mflops) {
        return CandidateResult.builder().blockString(bs).status(ok ? CandidateResult.Status.OK : CandidateResult.Status.FAILED)
                .failure(ok ? null : "nan loss").proxy("tiny").seed(1).params(1000).macs((long) (mflops * 5e5))
                .flops((long) (mflops * 1e6)).mflops(mflops).sizeBytes(4000).accuracy(ok ? accuracy : null)
                .accuracyStd(ok ? 0.01 : null).kd("none").build();
    }

    private static boolean dominates(CandidateResult a, CandidateResult b) {
        return a.accuracy() >= b.accuracy() && a.mflops() <= b.mflops() && (a.accuracy() > b.accuracy() || a.mflops() < b.mflops());
    }

    /** Pareto rank by peeling: rank 0 is dominated by nothing, rank k by something of rank k-1 at most. */
    private static Map<String, Integer> bruteRanks(List<CandidateResult> ok) {
        Map<String, Integer> rank = new LinkedHashMap<>();
        List<CandidateResult> left = new ArrayList<>(ok);
        for (int k = 0; !left.isEmpty(); k++) {
            List<CandidateResult> layer = left.stream().filter(a -> left.stream().noneMatch(b -> dominates(b, a))).toList();
            for (CandidateResult c : layer) {
                rank.put(c.blockString(), k);
            }
            left.removeAll(layer);
        }
        return rank;
    }

    /** Is {@code c} among the first floor(n / eta) of its rung: fewer than that many candidates precede it. */
    private static boolean inTop(CandidateResult c, Map<String, CandidateResult> rung, int eta) {
        if (!c.ok()) {
            return false;
        }
        List<CandidateResult> ok = rung.values().stream().filter(CandidateResult::ok).toList();
        Map<String, Integer> rank = bruteRanks(ok);
        long before = ok.stream().filter(o -> {
            int ro = rank.get(o.blockString());
            int rc = rank.get(c.blockString());
            if (ro != rc) {
                return ro < rc;
            }
            if (o.accuracy().doubleValue() != c.accuracy().doubleValue()) {
                return o.accuracy() > c.accuracy();
            }
            return o.blockString().compareTo(c.blockString()) < 0;
        }).count();
        return before < rung.size() / eta;
    }

    @Test
    void promotionsAreExactlyTheTopOfEachRungNotYetAboveIt() {
        Random random = new Random(11);
        for (int trial = 0; trial < 400; trial++) {
            int rungs = 2 + random.nextInt(2);
            int eta = 2 + random.nextInt(3);
            List<Map<String, CandidateResult>> byRung = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) {
                names.add("a" + i);
            }
            List<String> present = names;
            for (int r = 0; r < rungs; r++) {
                Map<String, CandidateResult> rung = new LinkedHashMap<>();
                for (String bs : present) {
                    // coarse values: ties in accuracy and in MFLOPs
                    rung.put(bs, result(bs, random.nextInt(10) > 0, 0.5 + random.nextInt(20) / 100.0, 10 * (1 + random.nextInt(10))));
                }
                byRung.add(rung);
                List<String> next = new ArrayList<>();
                for (String bs : present) {
                    if (random.nextInt(3) == 0) {
                        next.add(bs);
                    }
                }
                present = next;
            }
            SuccessiveHalving halving = new SuccessiveHalving(rungs, eta, RunFront.objectives(List.of(org.facenas.results.Metric.ACCURACY, org.facenas.results.Metric.MFLOPS)));
            Set<SuccessiveHalving.Promotion> expected = new HashSet<>();
            for (int r = 0; r + 1 < rungs; r++) {
                for (CandidateResult c : byRung.get(r).values()) {
                    if (inTop(c, byRung.get(r), eta) && !byRung.get(r + 1).containsKey(c.blockString())) {
                        expected.add(new SuccessiveHalving.Promotion(c.blockString(), r + 1));
                    }
                }
            }
            List<SuccessiveHalving.Promotion> due = halving.due(byRung);
            assertEquals(expected, new HashSet<>(due), "trial " + trial);
            assertEquals(due.size(), new HashSet<>(due).size(), "a promotion listed twice");
            for (int i = 1; i < due.size(); i++) {
                assertTrue(due.get(i - 1).toRung() <= due.get(i).toRung(), "lowest rung first");
            }
        }
    }

    /** A result whose accuracy and ROC AUC are set independently (auc null: a working candidate without an AUC). */
    static CandidateResult scored(String bs, boolean ok, double accuracy, Double auc, double mflops) {
        return CandidateResult.builder().blockString(bs).status(ok ? CandidateResult.Status.OK : CandidateResult.Status.FAILED)
                .failure(ok ? null : "nan loss").proxy("tiny").seed(1).params(1000).macs((long) (mflops * 5e5))
                .flops((long) (mflops * 1e6)).mflops(mflops).sizeBytes(4000).accuracy(ok ? accuracy : null)
                .accuracyStd(ok ? 0.01 : null).rocAuc(ok ? auc : null).kd("none").build();
    }

    /** The top floor(n / eta) of a rung by brute force, ranked on ROC AUC x MFLOPs, then AUC, then block string. */
    private static Set<String> bruteTopByAuc(Map<String, CandidateResult> rung, int eta) {
        List<CandidateResult> ok = rung.values().stream().filter(c -> c.ok() && c.rocAuc() != null).toList();
        Map<String, Integer> rank = new LinkedHashMap<>();
        List<CandidateResult> left = new ArrayList<>(ok);
        for (int k = 0; !left.isEmpty(); k++) {
            List<CandidateResult> layer = left.stream().filter(a -> left.stream().noneMatch(b -> b.rocAuc() >= a.rocAuc()
                    && b.mflops() <= a.mflops() && (b.rocAuc() > a.rocAuc() || b.mflops() < a.mflops()))).toList();
            for (CandidateResult c : layer) {
                rank.put(c.blockString(), k);
            }
            left.removeAll(layer);
        }
        Set<String> top = new HashSet<>();
        for (CandidateResult c : ok) {
            long before = ok.stream().filter(o -> {
                int ro = rank.get(o.blockString());
                int rc = rank.get(c.blockString());
                if (ro != rc) {
                    return ro < rc;
                }
                if (o.rocAuc().doubleValue() != c.rocAuc().doubleValue()) {
                    return o.rocAuc() > c.rocAuc();
                }
                return o.blockString().compareTo(c.blockString()) < 0;
            }).count();
            if (before < rung.size() / eta) {
                top.add(c.blockString());
            }
        }
        return top;
    }

    /**
     * A run that ranks on ROC AUC promotes by AUC alone: accuracy (drawn independently, so it disagrees) never
     * changes who moves up, and a working candidate without an AUC is never promoted.
     */
    @Test
    void promotionsFollowRocAucWhenTheRunRanksOnIt() {
        org.facenas.results.Metric auc = org.facenas.results.Metric.ROCAUC;
        SuccessiveHalving halving = new SuccessiveHalving(2, 3,
                RunFront.objectives(List.of(auc, org.facenas.results.Metric.MFLOPS)), auc);
        Random random = new Random(5);
        int differFromAccuracy = 0;
        for (int trial = 0; trial < 400; trial++) {
            int eta = 2 + random.nextInt(3);
            SuccessiveHalving h = new SuccessiveHalving(2, eta, RunFront.objectives(List.of(auc, org.facenas.results.Metric.MFLOPS)), auc);
            SuccessiveHalving byAccuracy = new SuccessiveHalving(2, eta,
                    RunFront.objectives(List.of(org.facenas.results.Metric.ACCURACY, org.facenas.results.Metric.MFLOPS)));
            Map<String, CandidateResult> rung = new LinkedHashMap<>();
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) {
                Double a = random.nextInt(12) == 0 ? null : 0.4 + random.nextInt(30) / 50.0;
                rung.put("a" + i, scored("a" + i, random.nextInt(10) > 0, 0.5 + random.nextInt(20) / 100.0, a, 10 * (1 + random.nextInt(10))));
            }
            assertEquals(bruteTopByAuc(rung, eta), new HashSet<>(h.top(rung)), "trial " + trial);
            if (!new HashSet<>(h.top(rung)).equals(new HashSet<>(byAccuracy.top(rung)))) {
                differFromAccuracy++;
            }
        }
        // the check has teeth: on most rungs accuracy would have promoted others
        assertTrue(differFromAccuracy > 200, "AUC and accuracy promotions differed on only " + differFromAccuracy + " of 400 rungs");
        // equal MFLOPs, accuracy the reverse of AUC: the AUC run promotes the best AUC, the accuracy run the best accuracy
        Map<String, CandidateResult> rung = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            rung.put("c" + i, scored("c" + i, true, 0.9 - i * 0.05, 0.6 + i * 0.05, 50));
        }
        assertEquals(List.of("c5", "c4"), halving.top(rung));
        assertEquals(List.of("c0", "c1"), new SuccessiveHalving(2, 3, RunFront.objectives(
                List.of(org.facenas.results.Metric.ACCURACY, org.facenas.results.Metric.MFLOPS))).top(rung));
    }

    @Test
    void fidelityConfigIsCheckedWhenLoaded() {
        String base = "name: x\ndata: /tmp\npopulationSize: 4\ngenerations: 2\n";
        org.facenas.results.SearchConfig c = org.facenas.results.SearchConfig.parse(base
                + "fidelity: {rungs: [tiny, 'q=quick:epochs=1'], eta: 3}\n", "test");
        assertEquals(2, c.rungCount());
        assertEquals("tiny", c.proxySettings().name());
        assertEquals("q", c.proxySettings(1).name());
        assertEquals(1, c.proxySettings(1).epochs());
        assertEquals(1, org.facenas.results.SearchConfig.parse(base, "test").rungCount());
        // the resolved config a run directory keeps reads back the same
        assertEquals(c, org.facenas.results.SearchConfig.parse(c.toYaml(), "again"));
        for (String[] bad : new String[][] {
                {"fidelity: {rungs: []}", "needs proxies"},
                {"fidelity: {rungs: [tiny, quick], eta: 1}", "eta must be at least 2"},
                {"fidelity: {rungs: [tiny, 'x=tiny:colour=red']}", "unknown key 'colour'"},
                {"fidelity: {rungs: [tiny, tiny]}", "twice"}}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> org.facenas.results.SearchConfig.parse(base + bad[0] + "\n", "test"));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }
}
