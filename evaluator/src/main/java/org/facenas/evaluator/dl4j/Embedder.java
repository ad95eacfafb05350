package org.facenas.evaluator.dl4j;

import java.util.Map;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.searchspace.graph.NetworkGraph;
import org.nd4j.linalg.api.buffer.DataType;
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
        return create(graph, seed, new EmbedderGraphBuilder(), DataType.FLOAT);
    }

    /** A freshly initialised embedder built by {@code builder} in precision {@code type} (workspaces off). */
    public static ComputationGraph create(NetworkGraph graph, long seed, EmbedderGraphBuilder builder, DataType type) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .cacheMode(CacheMode.NONE).graphBuilder();
        builder.addTo(g, graph);
        g.setOutputs(NetworkGraph.EMBEDDING);
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            ComputationGraph net = new ComputationGraph(g.build());
            net.init();
            return net;
        }
    }

    /** The embedder of {@code trained}, which must have been built from the same graph (with any head). */
    public static ComputationGraph of(ComputationGraph trained, NetworkGraph graph) {
        return copyInto(trained, create(graph, 0), graph);
    }

    /**
     * {@code embedder} (built from {@code graph}, any precision) holding {@code trained}'s values of each of its
     * parameters, cast to its precision.
     */
    public static ComputationGraph copyInto(ComputationGraph trained, ComputationGraph embedder, NetworkGraph graph) {
        Map<String, INDArray> source = trained.paramTable();
        for (Map.Entry<String, INDArray> p : embedder.paramTable().entrySet()) {
            INDArray from = source.get(p.getKey());
            if (from == null || !java.util.Arrays.equals(from.shape(), p.getValue().shape())) {
                throw new IllegalArgumentException("trained network has no parameter " + p.getKey() + " of shape "
                        + java.util.Arrays.toString(p.getValue().shape()) + ": it was not built from " + graph.architecture());
            }
            p.getValue().assign(from.castTo(p.getValue().dataType()));
        }
        return embedder;
    }
}
