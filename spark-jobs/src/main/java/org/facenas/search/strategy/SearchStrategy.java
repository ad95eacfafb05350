package org.facenas.search.strategy;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One generation of a search. Populations are lists of choice indices (see ArchitectureCodec), in the order the
 * strategy keeps them (for aging evolution: oldest first), so that the driver can save and restore them exactly.
 * Every random choice comes from {@code random}, which the driver seeds from the run seed and the generation.
 */
public interface SearchStrategy {

    String name();

    /**
     * @param population the current population, empty before the first generation
     * @return the next population; every member has been evaluated through {@code batch}
     */
    List<int[]> step(List<int[]> population, long generation, RandomGenerator random, CandidateBatch batch);
}
