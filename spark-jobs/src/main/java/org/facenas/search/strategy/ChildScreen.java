package org.facenas.search.strategy;

import java.util.List;

/**
 * Picks which of the children a strategy proposes train (a learned predictor: see
 * {@code org.facenas.search.predictor.PredictorScreen}): the strategy proposes {@link #proposals()} children and
 * trains only the {@link #keep()} returned.
 */
public interface ChildScreen {

    /** How many children to propose for one batch. */
    int proposals();

    /** How many of a batch's proposals train. */
    int keep();

    /**
     * The {@link #keep()} proposals to train (the very arrays of {@code proposals}, in the order proposed).
     *
     * @param generation the generation they are for: what the screen learns from may depend on it (and nothing else
     *                   of the run), so a generation repeated after a resume picks the same
     */
    List<int[]> choose(List<int[]> proposals, long generation);
}
