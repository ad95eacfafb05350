package org.facenas.search.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facenas.records.CandidateResult;
import org.facenas.results.Hypervolume;
import org.facenas.results.Metric;
import org.facenas.results.MnasReward;
import org.facenas.results.Objective;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.budget.Budget;
import org.facenas.searchspace.budget.BudgetRepair;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strategies' own logic, checked against a fast analytic oracle instead of training (which the Spark tests
 * cover): accuracy rises with log MACs and with width of the last stage, so there is a real trade-off to find.
 */
class StrategyTest {

    static final ArchitectureCodec CODEC = ArchitectureCodec.of(SearchSpace.mobileFaceNetSpace());
    static final Budget BUDGET = Budget.preset("lfr-light");
    static final BudgetRepair REPAIR = BudgetRepair.of(CODEC, BUDGET);

    /** Evaluates with the oracle, counting how often each block string is asked for. */
    static final class OracleBatch implements CandidateBatch {
        final Map<String, CandidateResult> seen = new LinkedHashMap<>();
        final List<String> trained = new ArrayList<>();

        @Override
        public Map<String, CandidateResult> evaluate(List<Architecture> candidates) {
            Map<String, CandidateResult> out = new HashMap<>();
            for (Architecture a : candidates) {
                out.put(a.blockString(), seen.computeIfAbsent(a.blockString(), bs -> {
                    trained.add(bs);
                    return oracle(a);
                }));
            }
            return out;
        }
    }

    /** Below this many MFLOPs the oracle's candidates fail (as a real too-small network can diverge): cheap failures. */
    static final double FAILS_BELOW_MFLOPS = 250;

    static CandidateResult oracle(Architecture a) {
        Cost c = CostModel.of(a);
        if (c.mflops() < FAILS_BELOW_MFLOPS) {
            return costs(a, c).status(CandidateResult.Status.FAILED).failure("loss became NaN").build();
        }
        double acc = Math.min(0.99, 0.5 + 0.04 * Math.log(c.macs() / 1e6) + 0.0002 * a.stages().get(a.stages().size() - 1).channels());
        return costs(a, c).status(CandidateResult.Status.OK).accuracy(acc).accuracyStd(0.0).build();
    }

    /** What the oracle knows of any candidate, success or failure: its costs, a 0.5 pixel baseline, no KD. */
    private static CandidateResult.Builder costs(Architecture a, Cost c) {
        return CandidateResult.builder().blockString(a.blockString()).proxy("oracle").seed(1).params(c.params()).macs(c.macs())
                .flops(c.flops()).mflops(c.mflops()).sizeBytes(c.sizeBytes()).pixelBaselineAccuracy(0.5).kd("none");
    }

    static SearchStrategy strategy(String name, int population) {
        Fitness fitness = new Fitness(List.of(Metric.ACCURACY, Metric.MFLOPS), MnasReward.soft(Metric.MFLOPS, 300));
        InitialPopulation initial = new InitialPopulation(CODEC, REPAIR, List.of(Zoo.get("mobilefacenet-512")));
        return switch (name) {
            case "nsga2" -> JeneticsStrategy.nsga2(CODEC, REPAIR, initial, population, 0.5, 0.2, 0.5, fitness);
            case "mnas" -> JeneticsStrategy.mnas(CODEC, REPAIR, initial, population, 0.5, 0.2, 0.5, fitness);
            case "aging" -> new AgingEvolution(CODEC, REPAIR, initial, fitness, population, population / 2, 3);
            case "random" -> new RandomSearch(CODEC, initial, population);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static List<List<int[]>> run(String name, long seed, OracleBatch batch, int generations) {
        SearchStrategy s = strategy(name, 8);
        List<int[]> population = List.of();
        List<List<int[]>> history = new ArrayList<>();
        for (int g = 1; g <= generations; g++) {
            population = s.step(population, g, org.facenas.search.SearchRunAccess.generationRandom(seed, g), batch);
            history.add(population);
        }
        return history;
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsga2", "mnas", "aging", "random"})
    void everyStrategyStaysInBudgetTrainsNothingTwiceAndIsReproducible(String name) {
        OracleBatch batch = new OracleBatch();
        List<List<int[]>> history = run(name, 11, batch, 5);
        assertEquals(batch.trained.size(), batch.trained.stream().distinct().count(), "a block string evaluated twice");
        for (List<int[]> population : history) {
            assertEquals(8, population.size());
            for (int[] idx : population) {
                Architecture a = CODEC.decode(idx);
                assertTrue(BUDGET.allows(a, CostModel.of(a)), name + " let an over-budget architecture in: " + a);
                assertTrue(batch.seen.containsKey(a.blockString()), "population member never evaluated");
            }
        }
        String seed = CODEC.decode(CODEC.indicesOf(Zoo.get("mobilefacenet-512"))).blockString();
        int firstBatch = Math.min(8, batch.trained.size());
        assertTrue(batch.trained.subList(0, firstBatch).contains(seed), name + ": the seed architecture was not evaluated first");
        List<List<int[]>> again = run(name, 11, new OracleBatch(), 5);
        for (int g = 0; g < history.size(); g++) {
            for (int i = 0; i < 8; i++) {
                assertTrue(Arrays.equals(history.get(g).get(i), again.get(g).get(i)), name + ": generation " + (g + 1) + " differs between runs of one seed");
            }
        }
    }

    /** The class comment's promise, over every candidate the strategies met: a failure is dominated by any success. */
    @org.junit.jupiter.api.Test
    void aFailedCandidateIsDominatedByEveryCandidateThatWorked() {
        OracleBatch batch = new OracleBatch();
        run("nsga2", 5, batch, 6);
        Fitness f = new Fitness(List.of(Metric.ACCURACY, Metric.MFLOPS, Metric.PARAMS), MnasReward.soft(Metric.MFLOPS, 300));
        List<CandidateResult> failed = batch.seen.values().stream().filter(r -> !r.ok()).toList();
        List<CandidateResult> ok = batch.seen.values().stream().filter(CandidateResult::ok).toList();
        assertTrue(!failed.isEmpty() && !ok.isEmpty(), "the oracle fails some candidates and not others");
        for (CandidateResult bad : failed) {
            double[] b = f.vector(bad);
            for (CandidateResult good : ok) {
                double[] g = f.vector(good);
                boolean noWorse = true;
                boolean better = false;
                for (int i = 0; i < g.length; i++) {
                    noWorse &= g[i] >= b[i];
                    better |= g[i] > b[i];
                }
                assertTrue(noWorse && better, "failed " + bad.blockString() + " (" + bad.mflops() + " MFLOPs) is not dominated by "
                        + good.blockString() + " (" + good.mflops() + " MFLOPs)");
            }
        }
    }

    /**
     * The oracle with its two quality scores disagreeing: ROC AUC keeps the oracle's trade-off, accuracy is its
     * mirror image (high where AUC is low), so a strategy that ranks on the wrong score walks the wrong way.
     */
    static final class DisagreeingOracleBatch implements CandidateBatch {
        final Map<String, CandidateResult> seen = new LinkedHashMap<>();

        @Override
        public Map<String, CandidateResult> evaluate(List<Architecture> candidates) {
            Map<String, CandidateResult> out = new HashMap<>();
            for (Architecture a : candidates) {
                out.put(a.blockString(), seen.computeIfAbsent(a.blockString(), bs -> {
                    CandidateResult r = oracle(a);
                    return r.ok() ? r.toBuilder().rocAuc(r.accuracy()).accuracy(1.5 - r.accuracy()).build() : r;
                }));
            }
            return out;
        }
    }

    /** Aging evolution and the mnas strategy rank on ROC AUC when the run's quality score is rocauc. */
    @ParameterizedTest
    @ValueSource(strings = {"mnas", "aging"})
    void theRewardFollowsRocAucWhenConfigured(String name) {
        MnasReward reward = MnasReward.soft(Metric.MFLOPS, 300);
        Fitness byAuc = new Fitness(List.of(Metric.ROCAUC, Metric.MFLOPS), reward, Metric.ROCAUC);
        CandidateResult r = oracle(Zoo.get("mobilefacenet-512")).toBuilder().accuracy(0.6).rocAuc(0.9).build();
        assertEquals(reward.of(r, Metric.ROCAUC), byAuc.reward(r), 0);
        assertEquals(Metric.ROCAUC.value(r), byAuc.vector(r)[0], 0);
        double[] meanAuc = new double[2];
        int i = 0;
        for (Metric quality : List.of(Metric.ROCAUC, Metric.ACCURACY)) {
            Fitness f = new Fitness(List.of(quality, Metric.MFLOPS), reward, quality);
            InitialPopulation initial = new InitialPopulation(CODEC, REPAIR, List.of(Zoo.get("mobilefacenet-512")));
            SearchStrategy s = name.equals("aging") ? new AgingEvolution(CODEC, REPAIR, initial, f, 8, 4, 3)
                    : JeneticsStrategy.mnas(CODEC, REPAIR, initial, 8, 0.5, 0.2, 0.5, f);
            DisagreeingOracleBatch batch = new DisagreeingOracleBatch();
            List<int[]> population = List.of();
            for (int g = 1; g <= 12; g++) {
                population = s.step(population, g, org.facenas.search.SearchRunAccess.generationRandom(3, g), batch);
            }
            meanAuc[i++] = population.stream().mapToDouble(idx -> Metric.ROCAUC.value(batch.seen.get(CODEC.decode(idx).blockString())))
                    .average().orElseThrow();
            if (quality == Metric.ROCAUC) {
                List<CandidateResult> all = new ArrayList<>(batch.seen.values());
                double first = all.subList(0, 8).stream().mapToDouble(byAuc::reward).max().orElseThrow();
                double best = all.stream().mapToDouble(byAuc::reward).max().orElseThrow();
                assertTrue(best > first, name + ": AUC reward " + first + " -> " + best);
            }
        }
        // ranking on AUC ends with a population of higher AUC than ranking on (mirrored) accuracy
        assertTrue(meanAuc[0] > meanAuc[1], name + ": final mean AUC ranked on rocauc " + meanAuc[0] + " vs on accuracy " + meanAuc[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsga2", "mnas", "aging"})
    void evolutionBeatsItsFirstGenerationOnTheOracle(String name) {
        OracleBatch batch = new OracleBatch();
        run(name, 3, batch, 12);
        List<CandidateResult> all = new ArrayList<>(batch.seen.values());
        Objective<CandidateResult> acc = Objective.maximise("accuracy", Fitness::accuracy);
        Objective<CandidateResult> mflops = Objective.minimise("mflops", CandidateResult::mflops);
        double[] ref = {0.5, 1000};
        double first = Hypervolume.of(all.subList(0, 8), acc, mflops, ref);
        double last = Hypervolume.of(all, acc, mflops, ref);
        assertTrue(last > first, name + ": hypervolume " + first + " -> " + last);
        if (!name.equals("nsga2")) {
            MnasReward reward = MnasReward.soft(Metric.MFLOPS, 300);
            Fitness f = new Fitness(List.of(Metric.ACCURACY, Metric.MFLOPS), reward);
            double bestFirst = all.subList(0, 8).stream().mapToDouble(f::reward).max().orElseThrow();
            double best = all.stream().mapToDouble(f::reward).max().orElseThrow();
            assertTrue(best > bestFirst, name + ": reward " + bestFirst + " -> " + best);
        }
    }
}
