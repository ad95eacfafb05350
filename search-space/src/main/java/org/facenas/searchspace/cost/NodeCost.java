package org.facenas.searchspace.cost;

import org.facenas.searchspace.graph.Shape;

/** Trainable parameters and multiply-accumulates of one graph node (batch 1). */
public record NodeCost(String node, String stage, Shape output, long params, long macs) {
}
