package org.facenas.evaluator.dl4j;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Channels {@code [from, to)} of a feature map [N,C,H,W]: one group of a grouped convolution. DL4J's SubsetVertex
 * reports a channel count of 0 for convolutional input, and a SameDiff grouped convolution had a wrong backward
 * pass in DL4J 1.0.0-M2.1, so the slice is written here.
 */
public class ChannelSliceVertex extends ParameterlessVertexConfig {

    private static final long serialVersionUID = 1L;

    private int from;
    private int to;

    /** For JSON deserialisation. */
    public ChannelSliceVertex() {
    }

    public ChannelSliceVertex(int from, int to) {
        this.from = from;
        this.to = to;
    }

    public int getFrom() {
        return from;
    }

    public void setFrom(int from) {
        this.from = from;
    }

    public int getTo() {
        return to;
    }

    public void setTo(int to) {
        this.to = to;
    }

    @Override
    public GraphVertex clone() {
        return new ChannelSliceVertex(from, to);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelSliceVertex v && v.from == from && v.to == to;
    }

    @Override
    public int hashCode() {
        return 31 * from + to;
    }

    @Override
    int inputs() {
        return 1;
    }

    @Override
    ParameterlessVertex runtime(ComputationGraph graph, String name, int index, DataType dataType) {
        return new Impl(graph, name, index, dataType, from, to);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) vertexInputs[0];
        return InputType.convolutional(in.getHeight(), in.getWidth(), to - from);
    }

    /** The runtime vertex. */
    public static final class Impl extends ParameterlessVertex {

        private static final long serialVersionUID = 1L;
        private final int from;
        private final int to;

        Impl(ComputationGraph graph, String name, int index, DataType dataType, int from, int to) {
            super(graph, name, index, dataType);
            this.from = from;
            this.to = to;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray slice = inputs[0].get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, slice.dataType(), slice.shape(), 'c');
            out.assign(slice);
            return out;
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = inputs[0];
            INDArray dx = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
            dx.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all()).assign(epsilon);
            return new Pair<>(null, new INDArray[] {dx});
        }

        @Override
        public String toString() {
            return "ChannelSliceVertex(" + vertexName + ", " + from + ".." + to + ")";
        }
    }
}
