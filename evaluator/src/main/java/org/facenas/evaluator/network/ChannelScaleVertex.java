package org.facenas.evaluator.network;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaVertex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Squeeze-excitation's scaling: feature map [N,C,H,W] times gates [N,C]. DL4J's ElementWiseVertex needs equal
 * shapes, so the broadcast is written in SameDiff.
 */
public class ChannelScaleVertex extends SameDiffLambdaVertex {

    @Override
    public SDVariable defineVertex(SameDiff sd, VertexInputs inputs) {
        SDVariable x = inputs.getInput(0);
        SDVariable gates = inputs.getInput(1);
        SDVariable g4 = sd.expandDims(sd.expandDims(gates, 2), 3);
        return x.mul(g4);
    }

    /** DL4J's SameDiffVertex leaves this unimplemented; the output has the feature map's shape. */
    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }
}
