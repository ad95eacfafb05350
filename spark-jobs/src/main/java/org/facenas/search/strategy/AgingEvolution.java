package org.facenas.search.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.facenas.records.CandidateResult;
import org.facenas.searchspace.budget.BudgetRepair;
import org.facenas.searchspace.codec.ArchitectureCodec;

/**
 * Regularized (aging) evolution, Real et al. 2019: each child is a one-gene mutation of the best of a random
 * sample of the population; children join at the young end and as many of the oldest leave, whatever their
 * score. "Best" is the MNasNet reward, so the cost the config targets counts as well as accuracy.
 */
public final class AgingEvolution implements SearchStrategy {

    private final ArchitectureCodec codec;
    private final BudgetRepair repair;
    private final InitialPopulation initial;
    private final Fitness fitness;
    private final int populationSize;
    private final int childrenPerGeneration;
    private final int sampleSize;
    private final ChildScreen screen;

    public AgingEvolution(ArchitectureCodec codec, BudgetRepair repair, InitialPopulation initial, Fitness fitness,
                          int populationSize, int childrenPerGeneration, int sampleSize) {
        this(codec, repair, initial, fitness, populationSize, childrenPerGeneration, sampleSize, null);
    }

    /** @param screen picks which proposed children train (null: all); it keeps {@code childrenPerGeneration} */
    public AgingEvolution(ArchitectureCodec codec, BudgetRepair repair, InitialPopulation initial, Fitness fitness,
                          int populationSize, int childrenPerGeneration, int sampleSize, ChildScreen screen) {
        this.screen = screen;
        this.codec = codec;
        this.repair = repair;
        this.initial = initial;
        this.fitness = fitness;
        this.populationSize = populationSize;
        this.childrenPerGeneration = childrenPerGeneration;
        this.sampleSize = sampleSize;
    }

    @Override
    public String name() {
        return "aging";
    }

    @Override
    public List<int[]> step(List<int[]> population, long generation, RandomGenerator random, CandidateBatch batch) {
        if (population.isEmpty()) {
            List<int[]> first = initial(random);
            batch.evaluate(first.stream().map(codec::decode).toList());
            return first;
        }
        Map<String, CandidateResult> scores = batch.evaluate(population.stream().map(codec::decode).toList());
        List<int[]> children = new ArrayList<>();
        for (int c = 0; c < (screen == null ? childrenPerGeneration : screen.proposals()); c++) {
            children.add(child(population, scores, random));
        }
        if (screen != null) {
            children = screen.choose(children, generation);
        }
        batch.evaluate(children.stream().map(codec::decode).toList());
        List<int[]> next = new ArrayList<>(population.subList(Math.min(children.size(), population.size()), population.size()));
        next.addAll(children);
        return next;
    }

    /** The first population (the seed architectures, then random in-budget genotypes). */
    public List<int[]> initial(RandomGenerator random) {
        return initial.create(populationSize, random);
    }

    /**
     * One child: a one-gene mutation (repaired into the budget) of the best, by the reward, of {@code sampleSize}
     * members drawn from {@code population}, every one of which has a result in {@code scores}.
     */
    public int[] child(List<int[]> population, Map<String, CandidateResult> scores, RandomGenerator random) {
        int[] parent = null;
        double best = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < sampleSize; s++) {
            int[] candidate = population.get(random.nextInt(population.size()));
            double score = fitness.reward(scores.get(codec.decode(candidate).blockString()));
            if (score > best) {
                best = score;
                parent = candidate;
            }
        }
        return repair.repair(mutateOneGene(parent, random), random);
    }

    public int populationSize() {
        return populationSize;
    }

    /** What picks which proposed children train; null when all do. */
    public ChildScreen screen() {
        return screen;
    }

    public int childrenPerGeneration() {
        return childrenPerGeneration;
    }

    private int[] mutateOneGene(int[] parent, RandomGenerator random) {
        int[] child = parent.clone();
        for (int tries = 0; tries < 100; tries++) {
            int gene = random.nextInt(child.length);
            int choices = codec.choiceCount(gene);
            if (choices > 1) {
                int value = random.nextInt(choices - 1);
                child[gene] = value >= parent[gene] ? value + 1 : value;
                if (!codec.decode(child).blockString().equals(codec.decode(parent).blockString())) {
                    return child;
                }
                child[gene] = parent[gene];
            }
        }
        return child;
    }
}
