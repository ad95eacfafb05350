package org.facenas.evaluator.network;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.facenas.searchspace.graph.Shape;

/** Makes the per-channel PReLU layer the builder puts after convolutions (one slope per channel). */
@FunctionalInterface
public interface PReluFactory {
    /**
     * @param input   the activation shape the layer reads (batch excluded)
     * @param spatial true for [N,C,H,W] activations, false for [N,C]
     */
    Layer perChannel(Shape input, boolean spatial);
}
