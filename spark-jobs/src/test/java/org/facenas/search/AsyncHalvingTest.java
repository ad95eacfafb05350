package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.facenas.records.CandidateResult;
import org.facenas.results.Metric;
import org.facenas.results.MnasReward;
import org.facenas.results.RunFront;
import org.facenas.search.strategy.AgingEvolution;
import org.facenas.search.strategy.CandidateSlots;
import org.facenas.search.strategy.Fitness;
import org.facenas.search.strategy.InitialPopulation;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.budget.Budget;
import org.facenas.searchspace.budget.BudgetRepair;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;

/**
 * Aging evolution under ASHA, in process: candidates "train" on an analytic oracle and finish in a random order on
 * a random number of slots. Every decision the scheduler makes is checked, as it makes it, against a brute-force
 * recomputation from everything finished and in flight at that moment: a promotion is one ASHA's rule makes due
 * (top floor(n / eta) of its rung, not yet above it; highest rung first, best first), a new candidate starts only
 * when no promotion is due, and the scheduler waits for a result only with every slot busy or no work left.
 */
class AsyncHalvingTest {

    static final ArchitectureCodec CODEC = ArchitectureCodec.of(SearchSpace.mobileFaceNetSpace());
    static final BudgetRepair REPAIR = BudgetRepair.of(CODEC, Budget.preset("lfr-light"));

    /** Accuracy grows with log MACs, plus rung-dependent noise (so rungs disagree) on a coarse grid (so ties occur). */
    static CandidateResult oracle(String bs, int rung) {
        Cost c = CostModel.of(Architecture.parse(bs));
        int h = Math.floorMod((bs + "@" + rung).hashCode(), 1000);
        boolean ok = h % 13 != 0;
        double acc = Math.round(100 * Math.min(0.99, 0.45 + 0.04 * Math.log(c.macs() / 1e6) + 0.05 * rung + (h % 7) * 0.01)) / 100.0;
        return SuccessiveHalvingTest.result(bs, ok, acc, Math.round(c.mflops() / 50) * 50.0);
    }

    static final class Killed extends RuntimeException {
    }

    /** Slots whose candidates finish in a random order; each start and wait checked against brute force. */
    static final class OracleSlots implements CandidateSlots {
        final int slots;
        final int rungs;
        final int eta;
        final int firstRungBudget;
        final Random order;
        final List<Map<String, CandidateResult>> done = new ArrayList<>();
        final List<AsyncHalving.Recorded> record = new ArrayList<>();
        final List<SuccessiveHalving.Promotion> inFlight = new ArrayList<>();
        final Set<String> everStarted = new HashSet<>();
        int startedFirstRung;
        int promotions;
        int waitsWithFreeSlot;
        int killAfter = Integer.MAX_VALUE;

        OracleSlots(int slots, int rungs, int eta, int firstRungBudget, long seed) {
            this.slots = slots;
            this.rungs = rungs;
            this.eta = eta;
            this.firstRungBudget = firstRungBudget;
            this.order = new Random(seed);
            for (int r = 0; r < rungs; r++) {
                done.add(new LinkedHashMap<>());
            }
        }

        /** The same record (what candidates.jsonl would hold), with what was in flight lost. */
        OracleSlots resumed(long seed) {
            OracleSlots s = new OracleSlots(slots, rungs, eta, firstRungBudget, seed);
            record.forEach(r -> {
                s.record.add(r);
                s.done.get(r.rung()).put(r.blockString(), r.result());
                s.everStarted.add(r.blockString() + "@" + r.rung());
            });
            s.startedFirstRung = s.done.get(0).size();
            return s;
        }

        @Override
        public int slots() {
            return slots;
        }

        @Override
        public void start(Architecture a, int rung, long generation) {
            String bs = a.blockString();
            assertTrue(inFlight.size() < slots, "started with every slot busy");
            assertTrue(everStarted.add(bs + "@" + rung), "trained twice at rung " + rung + ": " + bs);
            Map<SuccessiveHalving.Promotion, Integer> due = bruteDue();
            if (rung == 0) {
                assertTrue(due.isEmpty(), "a new candidate started while promotions were due: " + due.keySet());
                assertTrue(++startedFirstRung <= firstRungBudget, "more first-rung candidates than the budget");
            } else {
                SuccessiveHalving.Promotion p = new SuccessiveHalving.Promotion(bs, rung);
                assertTrue(due.containsKey(p), "promoted " + bs + " to rung " + rung + " but due were " + due.keySet());
                int highest = due.keySet().stream().mapToInt(SuccessiveHalving.Promotion::toRung).max().orElseThrow();
                assertEquals(highest, rung, "ASHA promotes from the highest rung that has a promotion due");
                int best = due.entrySet().stream().filter(e -> e.getKey().toRung() == rung).mapToInt(Map.Entry::getValue).min().orElseThrow();
                assertEquals(best, due.get(p), "ASHA promotes the best of the rung first");
                promotions++;
            }
            inFlight.add(new SuccessiveHalving.Promotion(bs, rung));
        }

        @Override
        public Finished next() {
            assertFalse(inFlight.isEmpty(), "waited with nothing in flight");
            if (inFlight.size() < slots) {
                waitsWithFreeSlot++;
                assertTrue(bruteDue().isEmpty(), "a slot idles while a promotion is due: " + bruteDue().keySet());
                assertTrue(startedFirstRung >= firstRungBudget, "a slot idles while first-rung candidates are left to train ("
                        + startedFirstRung + " of " + firstRungBudget + ")");
            }
            SuccessiveHalving.Promotion p = inFlight.remove(order.nextInt(inFlight.size()));
            CandidateResult r = oracle(p.blockString(), p.toRung());
            done.get(p.toRung()).put(p.blockString(), r);
            record.add(new AsyncHalving.Recorded(p.blockString(), p.toRung(), r));
            if (record.size() >= killAfter) {
                throw new Killed();
            }
            return new Finished(p.blockString(), p.toRung(), r);
        }

        /**
         * Due promotions by brute force, each with its place in its rung's order (the number of finished candidates
         * of that rung ranked before it: lower Pareto layer, then higher accuracy, then block string).
         */
        Map<SuccessiveHalving.Promotion, Integer> bruteDue() {
            Map<SuccessiveHalving.Promotion, Integer> due = new LinkedHashMap<>();
            for (int r = 0; r + 1 < rungs; r++) {
                Map<String, CandidateResult> rung = done.get(r);
                List<CandidateResult> ok = rung.values().stream().filter(CandidateResult::ok).toList();
                Map<String, Integer> layer = layers(ok);
                for (CandidateResult c : ok) {
                    long before = ok.stream().filter(o -> precedes(o, c, layer)).count();
                    SuccessiveHalving.Promotion p = new SuccessiveHalving.Promotion(c.blockString(), r + 1);
                    if (before < rung.size() / eta && !done.get(r + 1).containsKey(c.blockString()) && !inFlight.contains(p)) {
                        due.put(p, (int) before);
                    }
                }
            }
            return due;
        }

        private static boolean precedes(CandidateResult o, CandidateResult c, Map<String, Integer> layer) {
            int lo = layer.get(o.blockString());
            int lc = layer.get(c.blockString());
            if (lo != lc) {
                return lo < lc;
            }
            if (o.accuracy().doubleValue() != c.accuracy().doubleValue()) {
                return o.accuracy() > c.accuracy();
            }
            return o.blockString().compareTo(c.blockString()) < 0;
        }

        /** Pareto layers by peeling (accuracy up, MFLOPs down). */
        private static Map<String, Integer> layers(List<CandidateResult> ok) {
            Map<String, Integer> layer = new LinkedHashMap<>();
            List<CandidateResult> left = new ArrayList<>(ok);
            for (int k = 0; !left.isEmpty(); k++) {
                List<CandidateResult> front = left.stream().filter(a -> left.stream().noneMatch(b -> b.accuracy() >= a.accuracy()
                        && b.mflops() <= a.mflops() && (b.accuracy() > a.accuracy() || b.mflops() < a.mflops()))).toList();
                for (CandidateResult c : front) {
                    layer.put(c.blockString(), k);
                }
                left.removeAll(front);
            }
            return layer;
        }
    }

    static AgingEvolution aging(int population, int children) {
        Fitness fitness = new Fitness(List.of(Metric.ACCURACY, Metric.MFLOPS), MnasReward.soft(Metric.MFLOPS, 300));
        return new AgingEvolution(CODEC, REPAIR, new InitialPopulation(CODEC, REPAIR, List.of(Zoo.get("mobilefacenet-512"))), fitness,
                population, children, Math.min(3, population));
    }

    static SuccessiveHalving halving(int rungs, int eta) {
        return new SuccessiveHalving(rungs, eta, RunFront.objectives(List.of(Metric.ACCURACY, Metric.MFLOPS)));
    }

    /** After a run: nothing due or in flight, the first rung's budget spent, each rung a subset of the one below. */
    private static void assertFinished(OracleSlots slots, AsyncHalving asha, List<int[]> population, int p, String trial) {
        assertEquals(List.of(), slots.inFlight, trial);
        assertEquals(Map.of(), slots.bruteDue(), trial + ": promotions left due");
        assertEquals(slots.firstRungBudget, slots.done.get(0).size(), trial + ": first-rung candidates trained");
        for (int r = 1; r < slots.rungs; r++) {
            assertTrue(slots.done.get(r - 1).keySet().containsAll(slots.done.get(r).keySet()), trial + ": rung " + r + " holds a stranger");
        }
        // the aging population is the last p first-rung results, in the order they finished
        List<String> firstRung = slots.record.stream().filter(r -> r.rung() == 0).map(AsyncHalving.Recorded::blockString).toList();
        List<String> expected = firstRung.subList(Math.max(0, firstRung.size() - p), firstRung.size());
        assertEquals(expected, population.stream().map(idx -> CODEC.decode(idx).blockString()).toList(), trial + ": population");
        assertEquals(Set.copyOf(slots.record.stream().map(r -> r.blockString() + "@" + r.rung()).toList()).size(), slots.record.size(),
                trial + ": a (block string, rung) recorded twice");
    }

    @Test
    void everyDecisionFollowsAshaAndNoSlotIdlesWhileWorkIsAvailable() {
        Random random = new Random(2026);
        int promoted = 0;
        int multiRungPromotions = 0;
        for (int trial = 0; trial < 60; trial++) {
            int slotCount = 1 + random.nextInt(4);
            int p = slotCount + random.nextInt(6);
            int children = 1 + random.nextInt(p);
            int generations = 2 + random.nextInt(4);
            int rungs = 2 + random.nextInt(2);
            int eta = 2 + random.nextInt(3);
            AgingEvolution aging = aging(p, children);
            AsyncHalving asha = new AsyncHalving(aging, halving(rungs, eta), CODEC, generations, trial);
            OracleSlots slots = new OracleSlots(slotCount, rungs, eta, asha.firstRungBudget(), trial);
            List<Long> generationsSeen = new ArrayList<>();
            List<int[]> population = asha.run(slots, List.of(), () -> true, (g, members) -> {
                generationsSeen.add(g);
                assertTrue(members.size() <= p);
            });
            String name = "trial " + trial + " (slots " + slotCount + ", p " + p + ", children " + children + ", rungs " + rungs + ", eta " + eta + ")";
            assertFinished(slots, asha, population, p, name);
            List<Long> expected = new ArrayList<>();
            for (long g = 1; g <= generations; g++) {
                expected.add(g);
            }
            assertEquals(expected, generationsSeen, name + ": a generation line each generation's worth of first-rung results");
            assertEquals(generations, asha.generationReached());
            promoted += slots.promotions;
            multiRungPromotions += slots.done.get(rungs - 1).size() > 0 && rungs == 3 ? 1 : 0;
        }
        assertTrue(promoted > 100, "the trials exercised promotions: " + promoted);
        assertTrue(multiRungPromotions > 5, "some trials promoted to a third rung: " + multiRungPromotions);
    }

    @Test
    void promotionsAreStartedWhileFirstRungCandidatesAreStillTraining() {
        // the point of ASHA: with 2 slots, some promotion starts before the last first-rung candidate finishes
        AsyncHalving asha = new AsyncHalving(aging(6, 3), halving(2, 3), CODEC, 4, 1);
        OracleSlots slots = new OracleSlots(2, 2, 3, asha.firstRungBudget(), 7);
        asha.run(slots, List.of(), () -> true, (g, m) -> { });
        int firstPromotion = -1;
        int lastFirstRung = -1;
        for (int i = 0; i < slots.record.size(); i++) {
            if (slots.record.get(i).rung() == 1 && firstPromotion < 0) {
                firstPromotion = i;
            }
            if (slots.record.get(i).rung() == 0) {
                lastFirstRung = i;
            }
        }
        assertTrue(firstPromotion >= 0 && firstPromotion < lastFirstRung, "promotions interleave with first-rung training: " + firstPromotion
                + " vs " + lastFirstRung);
    }

    @Test
    void aRunKilledAnywhereResumesFromItsRecordsAndTrainsNothingTwice() {
        Random random = new Random(99);
        for (int trial = 0; trial < 40; trial++) {
            int slotCount = 1 + random.nextInt(3);
            int p = slotCount + 1 + random.nextInt(4);
            int children = 1 + random.nextInt(p);
            int generations = 2 + random.nextInt(3);
            int rungs = 2 + random.nextInt(2);
            int eta = 2 + random.nextInt(2);
            AsyncHalving first = new AsyncHalving(aging(p, children), halving(rungs, eta), CODEC, generations, 3);
            OracleSlots slots = new OracleSlots(slotCount, rungs, eta, first.firstRungBudget(), trial);
            slots.killAfter = 1 + random.nextInt(first.firstRungBudget());
            final OracleSlots killed = slots;
            assertThrows(Killed.class, () -> first.run(killed, List.of(), () -> true, (g, m) -> { }));
            List<AsyncHalving.Recorded> recorded = List.copyOf(slots.record);
            OracleSlots resumed = slots.resumed(1000 + trial);
            AsyncHalving second = new AsyncHalving(aging(p, children), halving(rungs, eta), CODEC, generations, 3);
            List<int[]> population = second.run(resumed, recorded, () -> true, (g, m) -> { });
            assertFinished(resumed, second, population, p, "resumed trial " + trial);
            assertEquals(recorded, resumed.record.subList(0, recorded.size()), "the records before the kill are kept");
            assertEquals(generations, second.generationReached());
        }
    }

    @Test
    void withoutNewCandidatesTheDuePromotionsStillRun() {
        // a wall-clock budget spent: no new first-rung candidate, but what was trained is still promoted as ASHA says
        AsyncHalving asha = new AsyncHalving(aging(6, 2), halving(2, 2), CODEC, 3, 5);
        // the oracle's budget is what the wall clock allows, so its idle check holds the scheduler to that
        OracleSlots slots = new OracleSlots(2, 2, 2, 4, 5);
        asha.run(slots, List.of(), () -> slots.startedFirstRung < 4, (g, m) -> { });
        assertEquals(4, slots.done.get(0).size());
        assertEquals(Map.of(), slots.bruteDue());
        assertTrue(asha.firstRungBudget() > 4);
        assertTrue(slots.done.get(1).size() >= 1, "the top of the first rung moved up");
        assertEquals(slots.promotions, slots.done.get(1).size());
    }
}
