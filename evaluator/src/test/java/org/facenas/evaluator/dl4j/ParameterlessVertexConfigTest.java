package org.facenas.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The three hand-written parameterless vertices through what they share: a configuration holding a gradient tap, a
 * channel slice and a channel scale survives DL4J's JSON, has no parameters, and computes by hand what it should.
 */
class ParameterlessVertexConfigTest {

    private static ComputationGraphConfiguration conf(int from, int to) {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(3, 3, 4))
                .addVertex("tap", new GradientTapVertex(), "in")
                .addVertex("slice", new ChannelSliceVertex(from, to), "tap")
                .addLayer("gates", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "slice")
                .addVertex("scale", new ChannelScaleVertex(), "slice", "gates")
                .setOutputs("scale").build();
    }

    @Test
    void aConfigurationOfAllThreeSurvivesJsonAndSettingsTellSlicesApart() {
        ComputationGraphConfiguration c = conf(1, 3);
        ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(c.toJson());
        assertEquals(c, restored);
        assertEquals(new ChannelSliceVertex(1, 3), restored.getVertices().get("slice"));
        assertNotEquals(new ChannelSliceVertex(0, 2), restored.getVertices().get("slice"));
        assertNotEquals(new GradientTapVertex(), new ChannelScaleVertex(), "equal by class, not merely parameterless");
        for (String name : new String[] {"tap", "slice", "scale"}) {
            GraphVertex v = restored.getVertices().get(name);
            assertEquals(0, v.numParams(true), name);
            assertEquals(v, v.clone(), name);
            assertEquals(v.hashCode(), v.clone().hashCode(), name);
        }
        assertEquals(2, restored.getVertices().get("scale").minVertexInputs());
        assertEquals(2, restored.getVertices().get("scale").maxVertexInputs());
        assertEquals(1, restored.getVertices().get("slice").maxVertexInputs());
        assertNotNull(c.getMemoryReport(InputType.convolutional(3, 3, 4)));
    }

    @Test
    void theRestoredGraphSlicesAndScalesByHand() {
        ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(conf(1, 3).toJson()));
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 4, 3, 3);
        INDArray out = net.outputSingle(x);
        assertArrayEquals(new long[] {2, 2, 3, 3}, out.shape());
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 2; c++) {
                double gate = 0;
                for (int h = 0; h < 3; h++) {
                    for (int w = 0; w < 3; w++) {
                        gate += x.getDouble(n, c + 1, h, w) / 9;
                    }
                }
                for (int h = 0; h < 3; h++) {
                    for (int w = 0; w < 3; w++) {
                        assertEquals(x.getDouble(n, c + 1, h, w) * gate, out.getDouble(n, c, h, w), 1e-12);
                    }
                }
            }
        }
    }
}
