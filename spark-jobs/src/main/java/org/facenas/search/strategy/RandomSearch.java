package org.facenas.search.strategy;

import java.util.List;
import java.util.random.RandomGenerator;
import org.facenas.searchspace.codec.ArchitectureCodec;

/** The baseline every search is compared to: each generation, a fresh batch of random in-budget architectures. */
public final class RandomSearch implements SearchStrategy {

    private final ArchitectureCodec codec;
    private final InitialPopulation sampler;
    private final int batchSize;
    private final ChildScreen screen;

    public RandomSearch(ArchitectureCodec codec, InitialPopulation sampler, int batchSize) {
        this(codec, sampler, batchSize, null);
    }

    /** @param screen picks which of its random proposals train (null: all); it keeps {@code batchSize} */
    public RandomSearch(ArchitectureCodec codec, InitialPopulation sampler, int batchSize, ChildScreen screen) {
        this.screen = screen;
        this.codec = codec;
        this.sampler = sampler;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public List<int[]> step(List<int[]> population, long generation, RandomGenerator random, CandidateBatch batch) {
        List<int[]> next = sampler.create(screen == null ? batchSize : screen.proposals(), random);
        if (screen != null) {
            next = screen.choose(next, generation);
        }
        batch.evaluate(next.stream().map(codec::decode).toList());
        return next;
    }
}
