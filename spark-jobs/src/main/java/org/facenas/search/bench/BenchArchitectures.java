package org.facenas.search.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.budget.Budget;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;

/**
 * The architectures a proxy benchmark ranks: the zoo members that fit the budget, then architectures drawn
 * uniformly from the space inside the budget (rejection sampling, so the budget does not bend the distribution)
 * and picked at evenly spaced MFLOPs quantiles of a large pool, so the sample spans the budget's cost range
 * instead of piling up where most of the space's volume is.
 */
public final class BenchArchitectures {

    /** An architecture and the name tables give it. */
    public record Entry(String label, Architecture architecture) {
    }

    private BenchArchitectures() {
    }

    public static List<Entry> select(ArchitectureCodec codec, Budget budget, int count, long seed) {
        if (count < 2) {
            throw new IllegalArgumentException("--sample must be at least 2 to rank anything, got " + count);
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        for (String name : Zoo.names()) {
            Architecture a = Zoo.get(name);
            if (out.size() < count && budget.allows(a, CostModel.of(a))) {
                out.putIfAbsent(a.blockString(), new Entry(name, a));
            }
        }
        int wanted = count - out.size();
        if (wanted <= 0) {
            return List.copyOf(out.values());
        }
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Architecture> pool = new LinkedHashMap<>();
        int poolSize = Math.max(200, 20 * wanted);
        long attempts = 0;
        long maxAttempts = 2_000_000L;
        while (pool.size() < poolSize && attempts < maxAttempts) {
            attempts++;
            int[] idx = new int[codec.geneCount()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = random.nextInt(codec.choiceCount(i));
            }
            Architecture a = codec.decode(idx);
            if (!out.containsKey(a.blockString()) && budget.allows(a, CostModel.of(a))) {
                pool.putIfAbsent(a.blockString(), a);
            }
        }
        if (pool.size() < wanted) {
            throw new IllegalArgumentException("only " + pool.size() + " of " + maxAttempts + " uniform draws from space "
                    + codec.space().name() + " fit budget " + budget + ": loosen the budget or ask for a smaller --sample");
        }
        List<Architecture> sorted = new ArrayList<>(pool.values());
        sorted.sort(Comparator.comparingDouble((Architecture a) -> CostModel.of(a).mflops()).thenComparing(Architecture::blockString));
        for (int k = 0; k < wanted; k++) {
            Architecture a = sorted.get((int) Math.floor((k + 0.5) * sorted.size() / wanted));
            out.put(a.blockString(), new Entry(String.format("s%02d", k + 1), a));
        }
        return List.copyOf(out.values());
    }
}
