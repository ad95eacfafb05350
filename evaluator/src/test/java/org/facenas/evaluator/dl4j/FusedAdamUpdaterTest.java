package org.facenas.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.facenas.evaluator.train.MarginTrainingNetworks;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.graph.NetworkGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fused update against DL4J's own updater on twin networks (same seed, same batches): parameters and Adam
 * state after several steps of the proxies' training network (conv, batch norm with its NoOp running statistics,
 * PReLU without weight decay, the margin head), and the fallback where it cannot be exact.
 */
class FusedAdamUpdaterTest {

    private static final NetworkGraph GRAPH = NetworkGraph.of(
            Architecture.parse("stem_c16,ir_r1_k3_s2_e2_c16,ir_r1_k3_s1_e2_c16,head_c32_gdc_emb16"), 32);

    private static MultiDataSet batch(Random r, int n, int classes) {
        float[] x = new float[n * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] y = new float[n * classes];
        for (int i = 0; i < n; i++) {
            y[i * classes + r.nextInt(classes)] = 1;
        }
        return new MultiDataSet(Nd4j.create(x, new long[] {n, 3, 32, 32}), Nd4j.create(y, new long[] {n, classes}));
    }

    private static double relativeMaxDiff(INDArray got, INDArray want) {
        return got.sub(want).amaxNumber().doubleValue() / Math.max(1e-12, want.amaxNumber().doubleValue());
    }

    @Test
    void trainsAsDl4jsUpdaterDoes() {
        int classes = 6;
        ProxySettings proxy = ProxySettings.preset("tiny");
        ComputationGraph fused = new MarginTrainingNetworks().build(GRAPH, proxy, classes, 5, 12);
        ComputationGraph reference = new MarginTrainingNetworks().build(GRAPH, proxy, classes, 5, 12);
        reference.setUpdater(new ComputationGraphUpdater(reference));
        FusedAdamUpdater updater = (FusedAdamUpdater) fused.getUpdater();
        assertTrue(updater.fused(), () -> "the proxies' network is updated fused, not: " + updater.unfusedBecause());
        assertEquals(0.0, relativeMaxDiff(fused.params(), reference.params()), "same initial parameters");
        INDArray start = fused.params().dup();

        Random r = new Random(2);
        java.util.List<MultiDataSet> batches = new java.util.ArrayList<>();
        for (int step = 0; step < 6; step++) {
            batches.add(batch(r, 8, classes));
        }
        for (MultiDataSet b : batches) {
            fused.fit(b);
            reference.fit(b);
        }
        ThreadWorkspaces.release();
        assertEquals(6, updater.fusedUpdates(), "every fit step took the fused pass");
        assertNotEquals(0.0, relativeMaxDiff(fused.params(), start), "training moved the parameters");
        assertEquals(0.0, relativeMaxDiff(fused.params(), reference.params()), 1e-5, "parameters after 6 steps");
        assertEquals(0.0, relativeMaxDiff(fused.getUpdater().getStateViewArray(), reference.getUpdater().getStateViewArray()),
                1e-4, "Adam's moments after 6 steps");
        // the running statistics (NoOp, not divided) moved as DL4J moves them
        String bn = GRAPH.nodes().stream().filter(n -> n.op() instanceof org.facenas.searchspace.graph.Op.BatchNorm)
                .findFirst().orElseThrow().name();
        assertEquals(0.0, relativeMaxDiff(fused.getParam(bn + "_mean"), reference.getParam(bn + "_mean")), 1e-5, bn + " running mean");
    }

    @Test
    void otherUpdatersRunDl4jsCode() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3)
                .updater(new Adam(1e-2)).l2(1e-3).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(4))
                .addLayer("fc", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build(), "fc")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        FusedAdamUpdater updater = new FusedAdamUpdater(net);
        assertFalse(updater.fused(), "L2 is not weight decay: DL4J's own updater");
        net.setUpdater(updater);
        // a configuration counts its network's iterations (Adam's bias correction reads it): one each
        ComputationGraph reference = new ComputationGraph(conf.clone());
        reference.init();
        assertEquals(0.0, relativeMaxDiff(net.params(), reference.params()), "same initial parameters");
        MultiDataSet b = new MultiDataSet(Nd4j.rand(DataType.FLOAT, 6, 4), Nd4j.rand(DataType.FLOAT, 6, 2));
        for (int i = 0; i < 3; i++) {
            net.fit(b);
            reference.fit(b);
        }
        ThreadWorkspaces.release();
        assertEquals(0.0, relativeMaxDiff(net.params(), reference.params()), 1e-6);
    }
}
