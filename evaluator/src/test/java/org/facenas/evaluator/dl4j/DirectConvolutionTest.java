package org.facenas.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The convolutions that skip DL4J's forward re-run in backprop: same gradients as DL4J's layers (oneDNN helpers
 * on and off), and gradients that match finite differences; with and without bias, strides 1 and 2.
 */
class DirectConvolutionTest {

    private static ConvolutionLayer.Builder conv(int k, int stride, boolean bias) {
        return new ConvolutionLayer.Builder(k, k).stride(stride, stride).padding(k / 2, k / 2).nOut(6).hasBias(bias)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY);
    }

    private static DepthwiseConvolution2D.Builder depthwise(int stride, boolean bias) {
        return new DepthwiseConvolution2D.Builder(3, 3).stride(stride, stride).padding(1, 1).depthMultiplier(1).hasBias(bias)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY);
    }

    /** conv kxk -> depthwise -> conv 1x1 -> pool -> MSE, each layer made by {@code make}. */
    private static ComputationGraph net(Function<Integer, Layer[]> make, int variant, DataType type) {
        Layer[] l = make.apply(variant);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(type).updater(new NoOp())
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(7, 7, 3))
                .addLayer("a", l[0], "in").addLayer("dw", l[1], "a").addLayer("b", l[2], "dw")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "b")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static Layer[] dl4j(int v) {
        boolean bias = v % 2 == 1;
        int stride = v / 2 + 1;
        return new Layer[] {conv(3, stride, bias).build(), depthwise(stride, bias).build(), conv(1, 1, bias).build()};
    }

    private static Layer[] direct(int v) {
        boolean bias = v % 2 == 1;
        int stride = v / 2 + 1;
        return new Layer[] {new DirectConvolution(conv(3, stride, bias)), new DirectDepthwise(depthwise(stride, bias)),
                new DirectConvolution(conv(1, 1, bias))};
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void gradientsEqualDl4jsLayers(int variant) {
        for (boolean oneDnn : new boolean[] {true, false}) {
            String before = System.getProperty(OneDnn.DISABLE_PROPERTY);
            OneDnn.enableHelpers(oneDnn);
            try {
                ComputationGraph reference = net(DirectConvolutionTest::dl4j, variant, DataType.FLOAT);
                ComputationGraph ours = net(DirectConvolutionTest::direct, variant, DataType.FLOAT);
                assertEquals(reference.numParams(), ours.numParams());
                ours.setParams(reference.params().dup());
                INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 7, 7).subi(0.5);
                INDArray y = Nd4j.rand(DataType.FLOAT, 4, 2);
                reference.setInputs(x);
                reference.setLabels(y);
                reference.computeGradientAndScore();
                ours.setInputs(x);
                ours.setLabels(y);
                ours.computeGradientAndScore();
                INDArray want = reference.getFlattenedGradients();
                INDArray got = ours.getFlattenedGradients();
                double scale = want.amaxNumber().doubleValue();
                assertTrue(scale > 0);
                assertEquals(0.0, got.sub(want).amaxNumber().doubleValue() / scale, 1e-5,
                        "variant " + variant + ", oneDNN " + oneDnn);
                assertEquals(reference.outputSingle(x), ours.outputSingle(x));
            } finally {
                if (before == null) {
                    System.clearProperty(OneDnn.DISABLE_PROPERTY);
                } else {
                    System.setProperty(OneDnn.DISABLE_PROPERTY, before);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void gradientsMatchFiniteDifferences(int variant) {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph g = net(DirectConvolutionTest::direct, variant, DataType.DOUBLE);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 7, 7).subi(0.5);
            INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2);
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y})), "gradient check");
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }
}
