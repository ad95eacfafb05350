package org.facenas.evaluator.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.graph.NetworkGraph;

/** Builds an initialised training network: the embedder plus the proxy's margin-softmax head. */
@FunctionalInterface
public interface TrainingNetworks {
    ComputationGraph build(NetworkGraph graph, ProxySettings proxy, int classes, long seed, int totalSteps);
}
