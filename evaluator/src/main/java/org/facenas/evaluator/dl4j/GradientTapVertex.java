package org.facenas.evaluator.dl4j;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The identity, keeping a copy of the gradient that reaches it in the backward pass: placed right after the input, it
 * gives the gradient with respect to the input, which DL4J keeps nowhere (jacob_cov reads it).
 */
public class GradientTapVertex extends ParameterlessVertexConfig {

    private static final long serialVersionUID = 1L;

    @Override
    public GraphVertex clone() {
        return new GradientTapVertex();
    }

    @Override
    int inputs() {
        return 1;
    }

    @Override
    ParameterlessVertex runtime(ComputationGraph graph, String name, int index, DataType dataType) {
        return new Impl(graph, name, index, dataType);
    }

    /** The runtime vertex. */
    public static final class Impl extends ParameterlessVertex {

        private static final long serialVersionUID = 1L;
        private INDArray tapped;

        Impl(ComputationGraph graph, String name, int index, DataType dataType) {
            super(graph, name, index, dataType);
        }

        /** The gradient the last backward pass brought here (outside any workspace), or null before one. */
        public INDArray tapped() {
            return tapped;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            return inputs[0];
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            try (org.nd4j.linalg.api.memory.MemoryWorkspace outside = org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                tapped = epsilon.dup();
            }
            return new Pair<>(null, new INDArray[] {epsilon});
        }

        @Override
        public String toString() {
            return "GradientTapVertex(" + vertexName + ")";
        }
    }
}
