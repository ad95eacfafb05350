package org.facenas.evaluator.network;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.facenas.evaluator.dl4j.PerChannelPReLU;
import org.facenas.searchspace.graph.Shape;

/** Makes the per-channel PReLU layer the builder puts after convolutions (one slope per channel). */
@FunctionalInterface
public interface PReluFactory {

    /** The project's PReLU: DL4J's own is broken for per-channel slopes on feature maps (see PerChannelPReLU). */
    PReluFactory PER_CHANNEL = (input, spatial) -> spatial
            ? PerChannelPReLU.of(input.channels(), input.height(), input.width())
            : PerChannelPReLU.of(input.channels(), 0, 0);

    /**
     * @param input   the activation shape the layer reads (batch excluded)
     * @param spatial true for [N,C,H,W] activations, false for [N,C]
     */
    Layer perChannel(Shape input, boolean spatial);
}
