package org.facenas.evaluator;

import org.facenas.searchspace.arch.Architecture;

/** Median batch-1 CPU latency of the deployed embedder (112x112), or null when not measured. */
@FunctionalInterface
public interface LatencyProbe {

    /** Measures nothing. */
    LatencyProbe NONE = architecture -> null;

    Double medianMillis(Architecture architecture);
}
