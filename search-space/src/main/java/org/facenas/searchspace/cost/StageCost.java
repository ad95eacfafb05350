package org.facenas.searchspace.cost;

import org.facenas.searchspace.graph.Shape;

/** Totals of one part of the architecture (stem, a stage, head) and the shape it outputs. */
public record StageCost(String stage, String block, Shape output, long params, long macs) {
    public long flops() {
        return 2 * macs;
    }
}
