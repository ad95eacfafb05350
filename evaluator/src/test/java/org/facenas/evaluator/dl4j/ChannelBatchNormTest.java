package org.facenas.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.IntFunction;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The contiguous batch norm against DL4J's BatchNormalization on the same network and parameters: training
 * output, every gradient (running statistics' updates included) and parameters after SGD steps, on feature maps
 * and on [N,C] embeddings; plus finite differences in double precision.
 */
class ChannelBatchNormTest {

    /** conv 3x3 -> BN -> PReLU -> pool -> dense -> BN -> MSE; the two BNs made by {@code bn(channels)}. */
    private static ComputationGraph net(IntFunction<Layer> bn, DataType type, boolean sgd) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .updater(sgd ? new Sgd(0.1) : new NoOp()).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(6, 6, 3))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(5).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", bn.apply(5), "conv")
                .addLayer("act", PerChannelPReLU.of(5, 6, 6), "bn")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "act")
                .addLayer("fc", new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build(), "pool")
                .addLayer("emb", bn.apply(4), "fc")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "emb")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        OneDnn.keepBatchNormOff(g);
        return g;
    }

    private static Layer dl4j(int channels) {
        return new BatchNormalization.Builder().nOut(channels).decay(0.8).build();
    }

    private static Layer ours(int channels) {
        return ChannelBatchNorm.of(channels, 0.8);
    }

    private static double relativeMaxDiff(INDArray got, INDArray want) {
        return got.sub(want).amaxNumber().doubleValue() / Math.max(1e-12, want.amaxNumber().doubleValue());
    }

    @Test
    void equalsDl4jsBatchNormInTraining() {
        ComputationGraph reference = net(ChannelBatchNormTest::dl4j, DataType.FLOAT, true);
        ComputationGraph fast = net(ChannelBatchNormTest::ours, DataType.FLOAT, true);
        assertEquals(reference.numParams(), fast.numParams());
        // activations like a trained network's: channel means away from 0, spreads far from 1, learnt gamma and beta
        reference.getParam("bn_gamma").assign(Nd4j.createFromArray(0.5f, 1.5f, 2f, 0.8f, 1.1f).reshape(1, 5));
        reference.getParam("bn_beta").assign(Nd4j.createFromArray(0.1f, -0.3f, 0.7f, 0f, -1f).reshape(1, 5));
        fast.setParams(reference.params().dup());
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 3, 6, 6).muli(3).addi(1.5);
        INDArray y = Nd4j.rand(DataType.FLOAT, 8, 2);

        Map<String, INDArray> a = reference.feedForward(new INDArray[] {x}, true, false);
        Map<String, INDArray> b = fast.feedForward(new INDArray[] {x}, true, false);
        for (String v : new String[] {"bn", "act", "emb"}) {
            assertEquals(0.0, relativeMaxDiff(b.get(v), a.get(v)), 1e-5, v);
        }

        for (ComputationGraph g : new ComputationGraph[] {reference, fast}) {
            g.setInputs(x);
            g.setLabels(y);
            g.computeGradientAndScore();
        }
        INDArray want = reference.getFlattenedGradients();
        INDArray got = fast.getFlattenedGradients();
        assertTrue(want.amaxNumber().doubleValue() > 0);
        assertEquals(0.0, relativeMaxDiff(got, want), 1e-5, "gradients, running-statistics updates included");
        for (String p : new String[] {"bn_gamma", "bn_beta", "bn_mean", "bn_log10stdev", "emb_gamma", "emb_mean"}) {
            assertEquals(0.0, relativeMaxDiff(fast.getGradientsViewArray() == null ? null : gradientOf(fast, p), gradientOf(reference, p)),
                    1e-5, p);
        }

        MultiDataSet batch = new MultiDataSet(x, y);
        for (int i = 0; i < 3; i++) {
            reference.fit(batch);
            fast.fit(batch);
        }
        assertEquals(0.0, relativeMaxDiff(fast.params(), reference.params()), 1e-5, "parameters after 3 SGD steps");
        // inference runs DL4J's code in both; what differs is 3 steps of float rounding in the parameters
        assertEquals(0.0, relativeMaxDiff(fast.outputSingle(x), reference.outputSingle(x)), 1e-4, "inference output");
    }

    private static INDArray gradientOf(ComputationGraph g, String param) {
        int cut = param.indexOf('_');
        return g.getLayer(param.substring(0, cut)).getGradientsViewArray() == null ? null
                : g.gradient().getGradientFor(param);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph g = net(ChannelBatchNormTest::ours, DataType.DOUBLE, false);
            g.getParam("bn_gamma").assign(Nd4j.createFromArray(0.5, 1.5, 2, 0.8, 1.1).reshape(1, 5));
            g.getParam("act_W").assign(Nd4j.createFromArray(0.1, -0.2, 0.3, 0.7, 0.25).reshape(5, 1, 1));
            INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3, 6, 6).subi(0.5);
            INDArray y = Nd4j.rand(DataType.DOUBLE, 4, 2);
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
                    // running statistics are updated, not differentiated (as in DL4J's own batch-norm gradient checks)
                    .excludeParams(java.util.Set.of("bn_mean", "bn_log10stdev", "emb_mean", "emb_log10stdev"))), "gradient check");
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }
}
