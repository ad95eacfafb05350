package org.facenas.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class PerChannelPReLUTest {

    private static ComputationGraph net(Layer prelu, int size, DataType type, boolean noUpdates) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .updater(noUpdates ? new NoOp() : new Sgd(0.05)).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(size, size, 3))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build(), "in")
                .addLayer("prelu", prelu, "conv")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "prelu")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** Why the layer has its own forward pass: DL4J's PReLULayer with shared axes returns its input unchanged. */
    @Test
    void dl4jPReluWithSharedAxesForwardIsTheIdentity() {
        ComputationGraph g = net(new PReLULayer.Builder().inputShape(4, 4, 4).sharedAxes(2, 3).build(), 4, DataType.FLOAT, true);
        g.getParam("prelu_W").assign(0.1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4).subi(0.5);
        var acts = g.feedForward(x, false);
        assertTrue(acts.get("conv").lt(0.0).any(), "some negative inputs");
        assertEquals(acts.get("conv"), acts.get("prelu"), "DL4J leaves negative inputs unscaled");
    }

    /** Why the layer exists: DL4J's own PReLULayer with shared spatial axes cannot train on a real feature map. */
    @Test
    void dl4jPReluWithSharedAxesFailsInBackprop() {
        int size = 16;
        ComputationGraph dl4j = net(new PReLULayer.Builder().inputShape(4, size, size).sharedAxes(2, 3).build(), size, DataType.FLOAT, false);
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 2, 3, size, size), Nd4j.rand(DataType.FLOAT, 2, 2));
        RuntimeException e = assertThrows(RuntimeException.class, () -> dl4j.fit(batch));
        assertTrue(String.valueOf(e.getMessage()).contains("prelu_bp"), e.getMessage());

        ComputationGraph ours = net(PerChannelPReLU.of(4, size, size), size, DataType.FLOAT, false);
        INDArray before = ours.getParam("prelu_W").dup();
        ours.fit(batch);
        assertTrue(Double.isFinite(ours.score()));
        assertTrue(ours.getParam("prelu_W").sub(before).norm2Number().doubleValue() > 0, "slopes learn");
    }

    /** An input its passes cannot compute (here more channels than slopes) is refused with the reason, not run by DL4J's wrong code. */
    @Test
    void refusesAnInputItCannotCompute() {
        ComputationGraph g = net(PerChannelPReLU.of(3, 4, 4), 4, DataType.FLOAT, true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4);
        RuntimeException e = assertThrows(RuntimeException.class, () -> g.feedForward(x, false));
        Throwable cause = e;
        while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("PerChannelPReLU prelu") && cause.getMessage().contains("one slope per channel"),
                cause.getMessage());
    }

    @Test
    void forwardIsMaxPlusSlopeTimesMin() {
        ComputationGraph g = net(PerChannelPReLU.of(4, 4, 4), 4, DataType.FLOAT, true);
        g.getParam("prelu_W").assign(Nd4j.createFromArray(0.1f, 0.2f, 0.3f, 0.4f).reshape(4, 1, 1));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4).subi(0.5);
        INDArray conv = g.feedForward(x, false).get("conv");
        INDArray out = g.feedForward(x, false).get("prelu");
        for (int c = 0; c < 4; c++) {
            double slope = 0.1 * (c + 1);
            for (int i = 0; i < 16; i++) {
                double v = conv.getDouble(1, c, i / 4, i % 4);
                assertEquals(v > 0 ? v : slope * v, out.getDouble(1, c, i / 4, i % 4), 1e-5);
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph g = net(PerChannelPReLU.of(4, 5, 5), 5, DataType.DOUBLE, true);
            g.getParam("prelu_W").assign(Nd4j.createFromArray(0.1, -0.2, 0.3, 0.7).reshape(4, 1, 1));
            INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 3, 5, 5).subi(0.5);
            INDArray y = Nd4j.rand(DataType.DOUBLE, 3, 2);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y}));
            assertTrue(ok, "gradient check");
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }
}
