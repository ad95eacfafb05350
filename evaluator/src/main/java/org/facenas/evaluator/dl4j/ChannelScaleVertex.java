package org.facenas.evaluator.dl4j;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Squeeze-excitation's scaling: feature map [N,C,H,W] (input 0) times gates [N,C] (input 1). DL4J's
 * ElementWiseVertex needs equal shapes, and a SameDiff lambda vertex was tried first: its backward pass was
 * wrong in DL4J 1.0.0-M2.1 (found by a gradient check), so both passes are written here.
 */
public class ChannelScaleVertex extends ParameterlessVertexConfig {

    private static final long serialVersionUID = 1L;

    @Override
    public GraphVertex clone() {
        return new ChannelScaleVertex();
    }

    @Override
    int inputs() {
        return 2;
    }

    @Override
    ParameterlessVertex runtime(ComputationGraph graph, String name, int index, DataType dataType) {
        return new Impl(graph, name, index, dataType);
    }

    /** The runtime vertex. */
    public static final class Impl extends ParameterlessVertex {

        private static final long serialVersionUID = 1L;

        Impl(ComputationGraph graph, String name, int index, DataType dataType) {
            super(graph, name, index, dataType);
        }

        private static INDArray gates4d(INDArray gates) {
            return gates.reshape(gates.size(0), gates.size(1), 1, 1);
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = inputs[0];
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
            out.assign(x.mul(gates4d(inputs[1])));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = inputs[0];
            INDArray gates = inputs[1];
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
            dx.assign(epsilon.mul(gates4d(gates)));
            INDArray dGates = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, gates.dataType(), gates.shape(), 'c');
            dGates.assign(epsilon.mul(x).sum(2, 3).reshape(gates.shape()));
            return new Pair<>(null, new INDArray[] {dx, dGates});
        }

        @Override
        public String toString() {
            return "ChannelScaleVertex(" + vertexName + ")";
        }
    }
}
