package org.facenas.evaluator.dl4j;

import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Counts the trainable scalars of a built DL4J network, vertex by vertex, with the cost model's rules: BN's
 * running mean and variance are state, not parameters. A layer kind with no rule here is an error.
 */
public final class TrainableParameters {

    /** Layer configuration classes whose every parameter is trainable. */
    private static final Set<String> ALL_TRAINABLE = Set.of(
            "ConvolutionLayer", "DepthwiseConvolution2D", "DenseLayer", "PReLULayer", "ActivationLayer",
            "GlobalPoolingLayer", "PerChannelPReLU", "MarginSoftmaxOutputLayer", "OutputLayer", "LossLayer");

    private TrainableParameters() {
    }

    public static long of(ComputationGraph network, String vertexName) {
        GraphVertex v = network.getVertex(vertexName);
        if (v == null) {
            throw new IllegalArgumentException("network has no vertex '" + vertexName + "'");
        }
        if (!v.hasLayer()) {
            long n = v.numParams();
            if (n != 0) {
                throw new IllegalStateException("vertex " + vertexName + " (" + v.getClass().getSimpleName()
                        + ") holds " + n + " parameters the cost model does not know");
            }
            return 0;
        }
        Layer layer = v.getLayer();
        String kind = knownKind(layer.conf().getLayer().getClass());
        Map<String, INDArray> params = layer.paramTable();
        if (kind.equals("BatchNormalization")) {
            return params.entrySet().stream().filter(e -> e.getKey().equals("gamma") || e.getKey().equals("beta"))
                    .mapToLong(e -> e.getValue().length()).sum();
        }
        if (ALL_TRAINABLE.contains(kind)) {
            return params.values().stream().mapToLong(INDArray::length).sum();
        }
        throw new IllegalArgumentException("no parameter-count rule for DL4J layer " + kind + " (vertex " + vertexName + ")");
    }

    /** The nearest class up the hierarchy with a rule here (a project layer that extends a DL4J one counts as it). */
    private static String knownKind(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (ALL_TRAINABLE.contains(k.getSimpleName()) || k.getSimpleName().equals("BatchNormalization")) {
                return k.getSimpleName();
            }
        }
        return c.getSimpleName();
    }

    public static long total(ComputationGraph network) {
        long sum = 0;
        for (GraphVertex v : network.getVertices()) {
            if (!v.isInputVertex()) {
                sum += of(network, v.getVertexName());
            }
        }
        return sum;
    }
}
