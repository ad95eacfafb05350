package org.facenas.results;

import java.util.List;

/**
 * What the driver saves after every generation (state.json, written atomically): enough to continue the run
 * exactly. Random draws of generation g come from a generator seeded with (seed, g), so no generator state
 * needs saving; results come back from candidates.jsonl. {@link RunLog} writes and reads it.
 *
 * @param generation the last completed generation (0: none)
 * @param population choice indices, in the strategy's order
 */
public record RunState(String runId, String strategy, long seed, long generation, List<int[]> population, int evaluated) {

    public RunState {
        population = List.copyOf(population);
    }
}
