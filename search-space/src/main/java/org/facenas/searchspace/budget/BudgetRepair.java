package org.facenas.searchspace.budget;

import io.jenetics.Genotype;
import io.jenetics.IntegerGene;
import io.jenetics.util.RandomRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.codec.SpaceBounds;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;

/**
 * Moves an over-budget genotype inside the budget by stepping genes toward their cheaper choices. Costs are
 * those of the deployed network ({@link CostModel#DEFAULT_INPUT_SIZE}), whatever resolution a proxy trains at.
 */
public final class BudgetRepair {

    private final ArchitectureCodec codec;
    private final Budget budget;
    private final int inputSize;
    private final int requiredEmbeddingIndex;

    private BudgetRepair(ArchitectureCodec codec, Budget budget, int inputSize) {
        this.codec = codec;
        this.budget = budget;
        this.inputSize = inputSize;
        this.requiredEmbeddingIndex = budget.requiredEmbeddingSize().map(size -> {
            int i = codec.space().embeddingSizes().indexOf(size);
            if (i < 0) {
                throw new IllegalArgumentException("budget " + budget + " needs " + size + "-d embeddings, but search space '"
                        + codec.space().name() + "' offers only " + codec.space().embeddingSizes());
            }
            return i;
        }).orElse(-1);
        int[] cheapest = cheapest();
        Architecture smallest = codec.decode(cheapest);
        Cost cost = CostModel.of(smallest, inputSize);
        if (!budget.allows(smallest, cost)) {
            throw new IllegalArgumentException(whyNothingFits(codec.space(), budget, smallest, cost));
        }
    }

    /**
     * The repair falls back to the first choice of every gene, so that member must fit. When it does not, say
     * whether any member could (the exact extremes of {@link SpaceBounds}) or only the lists' order is wrong.
     */
    private static String whyNothingFits(SearchSpace space, Budget budget, Architecture first, Cost firstCost) {
        SpaceBounds bounds = SpaceBounds.of(space);
        List<String> none = new ArrayList<>();
        Cost fewestFlops = bounds.fewestMflops().cost();
        Cost fewestParams = bounds.fewestParams().cost();
        if (budget.mflops() != null && !budget.mflops().allows(fewestFlops.mflops())) {
            none.add(String.format(java.util.Locale.ROOT, "its fewest MFLOPs are %.1f (%s)", fewestFlops.mflops(),
                    bounds.fewestMflops().architecture()));
        }
        if (budget.params() != null && !budget.params().allows(fewestParams.params())) {
            none.add(String.format(java.util.Locale.ROOT, "its fewest params are %,d (%s)", fewestParams.params(),
                    bounds.fewestParams().architecture()));
        }
        if (budget.megabytes() != null && !budget.megabytes().allows(fewestParams.megabytes())) {
            none.add(String.format(java.util.Locale.ROOT, "its smallest size is %.2f MB", fewestParams.megabytes()));
        }
        if (!none.isEmpty()) {
            return "budget " + budget + " leaves no member of search space '" + space.name() + "': "
                    + String.join("; ", none) + "; raise the limits or use a space with smaller members";
        }
        return "budget " + budget + " is broken by the first choice of every gene of search space '" + space.name() + "' ("
                + first + ": " + String.join("; ", budget.violations(first, firstCost)) + "), where the budget repair "
                + "falls back to; put each list's cheapest choice first, or raise the limits";
    }

    /** Fails fast (IllegalArgumentException) when not even the space's smallest architecture fits the budget. */
    public static BudgetRepair of(ArchitectureCodec codec, Budget budget) {
        return new BudgetRepair(codec, budget, CostModel.DEFAULT_INPUT_SIZE);
    }

    public Budget budget() {
        return budget;
    }

    public boolean allows(Architecture architecture) {
        return budget.allows(architecture, CostModel.of(architecture, inputSize));
    }

    public boolean allows(Genotype<IntegerGene> genotype) {
        return allows(codec.decode(genotype));
    }

    /** The same genotype when it fits; otherwise a nearby one that does (random steps from Jenetics' registry). */
    public Genotype<IntegerGene> repair(Genotype<IntegerGene> genotype) {
        int[] idx = codec.indices(genotype);
        int[] repaired = repair(idx, RandomRegistry.random());
        return Arrays.equals(idx, repaired) ? genotype : codec.genotype(repaired);
    }

    /**
     * Each step picks at random one single-gene step toward a cheaper choice among those that reduce the excess;
     * random rather than greedy so that repaired candidates stay diverse.
     */
    public int[] repair(int[] indices, RandomGenerator random) {
        int[] idx = indices.clone();
        if (requiredEmbeddingIndex >= 0) {
            idx[codec.embeddingGene()] = requiredEmbeddingIndex;
        }
        double excess = excess(idx);
        while (excess > 0) {
            List<int[]> better = new ArrayList<>();
            List<Double> excesses = new ArrayList<>();
            for (int g = 0; g < idx.length; g++) {
                if (idx[g] == 0 || g == codec.embeddingGene() && requiredEmbeddingIndex >= 0) {
                    continue;
                }
                int[] candidate = idx.clone();
                candidate[g]--;
                double e = excess(candidate);
                if (e < excess) {
                    better.add(candidate);
                    excesses.add(e);
                }
            }
            if (better.isEmpty()) {
                return cheapest();
            }
            int pick = random.nextInt(better.size());
            idx = better.get(pick);
            excess = excesses.get(pick);
        }
        return idx;
    }

    private double excess(int[] idx) {
        return budget.excess(CostModel.of(codec.decode(idx), inputSize));
    }

    private int[] cheapest() {
        int[] idx = new int[codec.geneCount()];
        if (requiredEmbeddingIndex >= 0) {
            idx[codec.embeddingGene()] = requiredEmbeddingIndex;
        }
        return idx;
    }
}
