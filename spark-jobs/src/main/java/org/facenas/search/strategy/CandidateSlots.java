package org.facenas.search.strategy;

import org.facenas.records.CandidateResult;
import org.facenas.searchspace.arch.Architecture;

/**
 * Trains candidates asynchronously on a fixed number of slots (in a search: Spark tasks on the executors' cores):
 * a candidate starts at once, and each result is handed back, already recorded, the moment it finishes, so that
 * an asynchronous search can give the freed slot new work without waiting for the others.
 */
public interface CandidateSlots {

    /** A candidate that finished at a rung (a failure is a FAILED result, never an exception). */
    record Finished(String blockString, int rung, CandidateResult result) {
    }

    /** How many candidates can train at once. */
    int slots();

    /** Starts training {@code candidate} at {@code rung}; {@code generation} is what its record says. */
    void start(Architecture candidate, int rung, long generation);

    /** Blocks until a started candidate finishes and returns it; there is at least one in flight. */
    Finished next();
}
