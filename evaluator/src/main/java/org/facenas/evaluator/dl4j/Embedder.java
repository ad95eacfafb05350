package org.facenas.evaluator.dl4j;

import java.util.Map;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.searchspace.graph.NetworkGraph;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The deployable embedder of a network: input to {@value NetworkGraph#EMBEDDING}, no training head. Built fresh
 * and filled with a trained network's parameters by vertex name, because reading the embedding vertex out of
 * a trained DL4J 1.0.0-M2.1 graph leaks its training workspace.
 */
public final class Embedder {

    private Embedder() {
    }

    /** A freshly initialised embedder for inference (workspaces off: DL4J's BN inference needs that). */
    public static ComputationGraph create(NetworkGraph graph, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .cacheMode(CacheMode.NONE).graphBuilder();
        new EmbedderGraphBuilder().addTo(g, graph);
        g.setOutputs(NetworkGraph.EMBEDDING);
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            ComputationGraph net = new ComputationGraph(g.build());
            net.init();
            return net;
        }
    }

    /** The embedder of {@code trained}, which must have been built from the same graph (with any head). */
    public static ComputationGraph of(ComputationGraph trained, NetworkGraph graph) {
        ComputationGraph embedder = create(graph, 0);
        Map<String, INDArray> source = trained.paramTable();
        for (Map.Entry<String, INDArray> p : embedder.paramTable().entrySet()) {
            INDArray from = source.get(p.getKey());
            if (from == null || !java.util.Arrays.equals(from.shape(), p.getValue().shape())) {
                throw new IllegalArgumentException("trained network has no parameter " + p.getKey() + " of shape "
                        + java.util.Arrays.toString(p.getValue().shape()) + ": it was not built from " + graph.architecture());
            }
            p.getValue().assign(from);
        }
        return embedder;
    }
}
