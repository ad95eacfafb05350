package org.facenas.search.predictor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.facenas.records.CandidateResult;
import org.facenas.results.PredictorModel;
import org.facenas.results.SearchConfig;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.cost.CostModel;
import org.junit.jupiter.api.Test;

/**
 * The search's predictor screen against brute force: which proposals it keeps (the best predicted MNasNet reward for
 * aging, the best Pareto rank over predicted score and MFLOPs for nsga2), the batch's Kendall tau, and the fallback.
 */
class PredictorScreenTest {

    static final ArchitectureCodec CODEC = ArchitectureCodec.of(SearchSpace.named("mbf-space"));

    static SearchConfig config(String strategy, int proposals, int keep) {
        return SearchConfig.parse("""
                name: screen
                data: /nowhere
                strategy: %s
                populationSize: 8
                generations: 3
                seed: 7
                predictor: {model: forest, proposals: %d, keep: %d}
                """.formatted(strategy, proposals, keep), "test");
    }

    static int[] randomGenotype(SplittableRandom random) {
        int[] idx = new int[CODEC.geneCount()];
        for (int g = 0; g < idx.length; g++) {
            idx[g] = random.nextInt(CODEC.choiceCount(g));
        }
        return idx;
    }

    /** A made-up accuracy the genes determine: 0.6 plus 0.02 per choice index of three genes. */
    static double accuracy(Architecture a) {
        int[] i = CODEC.indicesOf(a);
        return 0.6 + 0.02 * (i[1] + i[3] + i[5]);
    }

    static List<CandidateResult> trained(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<CandidateResult> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (out.size() < n) {
            Architecture a = CODEC.decode(randomGenotype(random));
            if (seen.add(a.blockString())) {
                out.add(result(a, accuracy(a)));
            }
        }
        return out;
    }

    static CandidateResult result(Architecture a, double accuracy) {
        return CandidateResult.builder().blockString(a.blockString()).status(CandidateResult.Status.OK).proxy("t")
                .mflops(CostModel.of(a).mflops()).params(CostModel.of(a).params()).accuracy(accuracy).build();
    }

    static List<int[]> proposals(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (out.size() < n) {
            int[] idx = randomGenotype(random);
            if (seen.add(CODEC.decode(idx).blockString())) {
                out.add(idx);
            }
        }
        return out;
    }

    /** What the same forest predicts for each proposal: fitted independently on the same records with the screen's seed. */
    static double[] predictions(SearchConfig c, List<CandidateResult> records, List<int[]> proposals, long generation) {
        ArchitectureFeatures f = new ArchitectureFeatures(CODEC, List.of());
        // the screen fits on the records in block-string order, whatever order they finished in
        List<ArchitecturePredictor.Example> examples = records.stream().sorted(Comparator.comparing(CandidateResult::blockString))
                .map(r -> new ArchitecturePredictor.Example(f.of(Architecture.parse(r.blockString()), Map.of()).orElseThrow(), r.accuracy()))
                .toList();
        ArchitecturePredictor p = ArchitecturePredictor.fit(PredictorModel.FOREST, f, examples, c.seed() * 31 + generation)
                .predictor().orElseThrow();
        return proposals.stream().mapToDouble(x -> p.predict(f.of(CODEC.decode(x), Map.of()).orElseThrow())).toArray();
    }

    @Test
    void agingKeepsTheProposalsWithTheBestPredictedRewardInProposalOrder() {
        SearchConfig c = config("aging", 12, 3);
        List<CandidateResult> records = trained(40, 1);
        List<int[]> proposals = proposals(12, 2);
        List<String> log = new ArrayList<>();
        PredictorScreen screen = new PredictorScreen(c, CODEC, g -> records, log::add);
        List<int[]> kept = screen.choose(proposals, 4);

        double[] predicted = predictions(c, records, proposals, 4);
        // MNasNet's soft reward by its formula: ACC x (MFLOPs / 500)^-0.07
        double[] reward = new double[proposals.size()];
        for (int i = 0; i < reward.length; i++) {
            reward[i] = predicted[i] * Math.pow(CostModel.of(CODEC.decode(proposals.get(i))).mflops() / 500, -0.07);
        }
        List<Integer> expected = IntStream.range(0, reward.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -reward[i])).limit(3).sorted().toList();
        assertEquals(3, kept.size());
        for (int k = 0; k < 3; k++) {
            assertSame(proposals.get(expected.get(k)), kept.get(k), "kept " + k);
        }
        assertTrue(log.isEmpty(), log.toString());
        // the records in another order (results finish in any order): the same choice
        List<CandidateResult> reversed = new ArrayList<>(records);
        java.util.Collections.reverse(reversed);
        assertEquals(kept, new PredictorScreen(c, CODEC, g -> reversed, log::add).choose(proposals, 4));

        // the batch's tau over the kept children's measured scores, against brute-force pair counting
        Map<String, CandidateResult> measured = new HashMap<>();
        double[] p = new double[3];
        double[] m = new double[3];
        for (int k = 0; k < 3; k++) {
            Architecture a = CODEC.decode(kept.get(k));
            p[k] = predicted[expected.get(k)];
            m[k] = 0.9 - 0.1 * k * (k % 2 == 0 ? 1 : -0.5);
            measured.put(a.blockString(), result(a, m[k]));
        }
        PredictorScreen.BatchTau tau = screen.batchTau(measured);
        assertEquals(3, tau.children());
        assertEquals(40, tau.fittedOn());
        assertEquals(bruteForceTau(p, m), tau.tau(), 1e-12);
        assertNull(screen.batchTau(measured), "each kept child counts in one batch");
    }

    @Test
    void nsga2KeepsTheBestParetoRanksOverPredictedScoreAndMflops() {
        SearchConfig c = config("nsga2", 16, 4);
        List<CandidateResult> records = trained(30, 3);
        List<int[]> proposals = proposals(16, 4);
        List<int[]> kept = new PredictorScreen(c, CODEC, g -> records, line -> { }).choose(proposals, 2);

        double[] predicted = predictions(c, records, proposals, 2);
        double[] mflops = proposals.stream().mapToDouble(x -> CostModel.of(CODEC.decode(x)).mflops()).toArray();
        // Pareto ranks by peeling: rank r is what no remaining proposal dominates
        int[] rank = new int[proposals.size()];
        Set<Integer> left = new HashSet<>(IntStream.range(0, rank.length).boxed().toList());
        for (int r = 0; !left.isEmpty(); r++) {
            List<Integer> front = new ArrayList<>();
            for (int i : left) {
                boolean dominated = false;
                for (int j : left) {
                    dominated |= predicted[j] >= predicted[i] && mflops[j] <= mflops[i] && (predicted[j] > predicted[i] || mflops[j] < mflops[i]);
                }
                if (!dominated) {
                    front.add(i);
                }
            }
            for (int i : front) {
                rank[i] = r;
            }
            left.removeAll(front);
        }
        List<Integer> expected = IntStream.range(0, rank.length).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> rank[i]).thenComparingDouble(i -> -predicted[i])).limit(4).sorted().toList();
        assertEquals(expected.stream().map(proposals::get).toList(), kept);
    }

    @Test
    void tooFewRecordsLeaveTheStrategysOrderAndSaySoOnce() {
        SearchConfig c = config("aging", 6, 2);
        List<CandidateResult> five = trained(5, 5);
        List<String> log = new ArrayList<>();
        PredictorScreen screen = new PredictorScreen(c, CODEC, g -> five, log::add);
        List<int[]> proposals = proposals(6, 6);
        assertEquals(proposals.subList(0, 2), screen.choose(proposals, 2));
        assertEquals(proposals.subList(0, 2), screen.choose(proposals, 3));
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("5 scored architectures") && log.get(0).contains("at least 8")
                && log.get(0).contains("strategy's own order"), log.get(0));
        assertNull(screen.batchTau(Map.of(CODEC.decode(proposals.get(0)).blockString(), five.get(0))), "nothing was predicted");
    }

    @Test
    void aBadPredictorIsAOneLineErrorNamingTheKey() {
        String base = "name: x\ndata: /nowhere\npopulationSize: 4\ngenerations: 2\n";
        assertTrue(message(base + "predictor: {proposals: 4, keep: 8}\n").contains("predictor.proposals (4) must be at least predictor.keep (8)"));
        assertTrue(message(base + "predictor: {proposals: 8}\n").contains("predictor needs proposals and keep"));
        assertTrue(message(base + "predictor: {model: xgboost, proposals: 8, keep: 2}\n").contains("unknown predictor model 'xgboost': use forest"));
        assertTrue(message(base + "predictor: {proposals: 8, keep: 5}\n").contains("predictor.keep (5) must be at most populationSize (4)"));
        assertTrue(message(base + "predictor: 3\n").contains("predictor must be {model, proposals, keep}"));
        assertTrue(message(base + "objectives: [accuracy, latency]\nlatencyRuns: 3\npredictor: {proposals: 8, keep: 2}\n").contains("latency"));
        for (String bad : List.of("predictor: {proposals: 4, keep: 8}\n", "predictor: {model: xgboost, proposals: 8, keep: 2}\n")) {
            assertEquals(1, message(base + bad).lines().count());
        }
        // random search trains a batch per generation, not children of a population: keep may exceed it
        assertEquals(6, SearchConfig.parse(base + "strategy: random\npredictor: {proposals: 8, keep: 6}\n", "t").childrenPerGeneration());
    }

    private static String message(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> SearchConfig.parse(yaml, "c.yaml")).getMessage();
    }

    /** (concordant - discordant) / pairs, for rankings without ties. */
    static double bruteForceTau(double[] x, double[] y) {
        int s = 0;
        int pairs = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                s += (int) Math.signum((x[i] - x[j]) * (y[i] - y[j]));
                pairs++;
            }
        }
        return s / (double) pairs;
    }
}
