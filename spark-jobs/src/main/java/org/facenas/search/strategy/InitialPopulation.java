package org.facenas.search.strategy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.budget.BudgetRepair;
import org.facenas.searchspace.codec.ArchitectureCodec;

/**
 * The first population: the seed architectures, then distinct random genotypes, each repaired into the budget, until
 * the population is full. A seed over the budget is refused, never repaired: a repaired seed is another network.
 */
public final class InitialPopulation {

    private final ArchitectureCodec codec;
    private final BudgetRepair repair;
    private final List<Architecture> seeds;

    public InitialPopulation(ArchitectureCodec codec, BudgetRepair repair, List<Architecture> seeds) {
        this.codec = codec;
        this.repair = repair;
        for (Architecture a : seeds) {
            codec.indicesOf(a);
            org.facenas.searchspace.cost.Cost cost = org.facenas.searchspace.cost.CostModel.of(a);
            if (!repair.allows(a)) {
                throw new IllegalArgumentException(a.blockString() + " is over the budget " + repair.budget() + ": "
                        + String.join("; ", repair.budget().violations(a, cost)) + "; drop it or raise the budget");
            }
        }
        this.seeds = List.copyOf(seeds);
    }

    public List<int[]> create(int size, RandomGenerator random) {
        List<int[]> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Architecture a : seeds) {
            if (out.size() < size) {
                add(out, seen, codec.indicesOf(a));
            }
        }
        int attempts = 0;
        while (out.size() < size) {
            int[] idx = random(random);
            if (!add(out, seen, repair.repair(idx, random)) && ++attempts > 50 * size) {
                out.add(repair.repair(random(random), random));
            }
        }
        return out;
    }

    /** A uniformly random choice for every gene. */
    public int[] random(RandomGenerator random) {
        int[] idx = new int[codec.geneCount()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = random.nextInt(codec.choiceCount(i));
        }
        return idx;
    }

    private boolean add(List<int[]> out, Set<String> seen, int[] idx) {
        if (seen.add(codec.decode(idx).blockString())) {
            out.add(idx);
            return true;
        }
        return false;
    }
}
