package org.facenas.search;

import java.util.SplittableRandom;

/** Test access to the search's per-generation random generator. */
public final class SearchRunAccess {

    private SearchRunAccess() {
    }

    public static SplittableRandom generationRandom(long seed, long generation) {
        return SearchRun.generationRandom(seed, generation);
    }
}
