package org.facenas.evaluator.dl4j;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The configuration side of a graph vertex with no parameters (its runtime side is a {@link ParameterlessVertex}):
 * subclasses give their number of inputs and their runtime vertex, and their output type where it is not the first
 * input's. Stateless ones are equal by class; one with settings overrides equals and hashCode. No fields here: DL4J
 * writes a vertex's fields into the model's JSON, and saved models name only the subclass.
 */
abstract class ParameterlessVertexConfig extends GraphVertex {

    private static final long serialVersionUID = 1L;

    /** The number of inputs, at least and at most. */
    abstract int inputs();

    /** The runtime vertex. */
    abstract ParameterlessVertex runtime(ComputationGraph graph, String name, int index, DataType dataType);

    @Override
    public final long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public final int minVertexInputs() {
        return inputs();
    }

    @Override
    public final int maxVertexInputs() {
        return inputs();
    }

    @Override
    public final org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                           INDArray paramsView, boolean initializeParams, DataType dataType) {
        return runtime(graph, name, idx, dataType);
    }

    /** The first input's shape; a vertex that changes it overrides this. */
    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, getClass(), inputTypes[0], getOutputType(0, inputTypes))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
