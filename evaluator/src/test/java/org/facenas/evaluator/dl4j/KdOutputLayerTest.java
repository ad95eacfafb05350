package org.facenas.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.nd4j.linalg.learning.config.NoOp;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Each KD loss equals its formula computed directly, its gradients match finite differences, and the KD output
 * alone pulls a student toward fixed teacher embeddings: the loss falls and the cosine rises.
 */
class KdOutputLayerTest {

    private static ComputationGraph kdOnly(KdOutputLayer kd, int studentDim) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder()
                .addInputs("x").setInputTypes(InputType.feedForward(10))
                .addLayer("emb", new DenseLayer.Builder().nOut(studentDim).activation(Activation.IDENTITY).build(), "x")
                .addLayer("kd", kd, "emb")
                .setOutputs("kd").build());
        g.init();
        return g;
    }

    private static double[] unit(INDArray row) {
        double[] v = row.toDoubleVector();
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The loss written out from its definition, example by example (and pair by pair for similarity). */
    static double directLoss(KdOutputLayer.Loss loss, double lambda, INDArray student, INDArray teacher) {
        int n = (int) student.rows();
        double[][] z = new double[n][];
        double[][] t = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = unit(student.getRow(i));
            t[i] = unit(teacher.getRow(i));
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            switch (loss) {
                case MSE -> {
                    double d = 0;
                    for (int j = 0; j < z[i].length; j++) {
                        d += (z[i][j] - t[i][j]) * (z[i][j] - t[i][j]);
                    }
                    total += d / z[i].length;
                }
                case COSINE -> total += 1 - dot(z[i], t[i]);
                case SIMILARITY -> {
                    for (int j = 0; j < n; j++) {
                        double d = dot(z[i], z[j]) - dot(t[i], t[j]);
                        total += d * d / n;
                    }
                }
            }
        }
        return lambda * total / n;
    }

    @ParameterizedTest
    @CsvSource({"6,6,MSE", "4,9,MSE", "6,6,COSINE", "4,9,COSINE", "4,9,SIMILARITY"})
    void lossEqualsItsFormula(int studentDim, int teacherDim, KdOutputLayer.Loss loss) {
        for (int trial = 0; trial < 5; trial++) {
            KdOutputLayer kd = new KdOutputLayer(studentDim, teacherDim, loss, 0.5 + trial * 7.3);
            ComputationGraph g = kdOnly(kd, studentDim);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 10).subi(0.5);
            INDArray t = Nd4j.randn(DataType.DOUBLE, 5, teacherDim);
            double score = g.score(new MultiDataSet(new INDArray[] {x}, new INDArray[] {t}));
            INDArray emb = g.feedForward(x, false).get("emb");
            INDArray z = kd.projects() ? emb.mmul(g.getParam("kd_P")) : emb;
            double expected = directLoss(loss, kd.getLambda(), z, t);
            assertEquals(expected, score, 1e-9 * Math.max(1, expected), loss + " trial " + trial);
        }
    }

    @ParameterizedTest
    @CsvSource({"6,6,MSE", "4,9,MSE", "6,6,COSINE", "4,9,COSINE", "4,9,SIMILARITY"})
    void gradientsMatchFiniteDifferences(int studentDim, int teacherDim, KdOutputLayer.Loss loss) {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph g = kdOnly(new KdOutputLayer(studentDim, teacherDim, loss, 3), studentDim);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 10).subi(0.5);
            INDArray t = normalised(Nd4j.randn(DataType.DOUBLE, 4, teacherDim));
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {t})), loss + " " + studentDim + "->" + teacherDim);
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    /**
     * A decaying weight: at step s the loss is the formula at weight lambda x (end - s) / (end - start) (lambda before
     * start), and the gradient is that of a constant-weight layer at that weight, read from the layer's iteration count.
     */
    @ParameterizedTest
    @CsvSource({"4,9,COSINE", "6,6,MSE", "4,9,SIMILARITY"})
    void decayingWeightScalesLossAndGradientPerStep(int studentDim, int teacherDim, KdOutputLayer.Loss loss) {
        double lambda = 6;
        KdOutputLayer decaying = new KdOutputLayer(studentDim, teacherDim, loss, lambda).decaying(3, 11);
        ComputationGraph g = kdOnly(decaying, studentDim);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 10).subi(0.5);
        INDArray t = normalised(Nd4j.randn(DataType.DOUBLE, 5, teacherDim));
        MultiDataSet mds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {t});
        INDArray emb = g.feedForward(x, false).get("emb");
        INDArray z = decaying.projects() ? emb.mmul(g.getParam("kd_P")) : emb;
        double unit = directLoss(loss, 1, z, t);
        double[] expectedWeight = {6, 6, 6, 6, 6 * 7 / 8.0, 6 * 4 / 8.0, 6 * 1 / 8.0, 0, 0};
        int[] steps = {0, 1, 2, 3, 4, 7, 10, 11, 20};
        for (int k = 0; k < steps.length; k++) {
            int s = steps[k];
            assertEquals(expectedWeight[k], decaying.weightAt(s), 1e-12, "weight at step " + s);
            // as DL4J does before a step: the network's count, copied to its layers
            g.getConfiguration().setIterationCount(s);
            g.getLayer("kd").setIterationCount(s);
            assertEquals(unit * expectedWeight[k], g.score(mds), 1e-9 * Math.max(1, unit * lambda), loss + " loss at step " + s);
            g.setInputs(x);
            g.setLabels(t);
            g.computeGradientAndScore();
            INDArray grad = g.gradient().gradient().dup();
            // the same network with a constant weight equal to the step's weight
            ComputationGraph constant = kdOnly(new KdOutputLayer(studentDim, teacherDim, loss, Math.max(expectedWeight[k], 1e-300)), studentDim);
            constant.setParams(g.params());
            constant.setInputs(x);
            constant.setLabels(t);
            constant.computeGradientAndScore();
            INDArray expectedGrad = expectedWeight[k] == 0 ? grad.mul(0) : constant.gradient().gradient();
            assertTrue(expectedGrad.equalsWithEps(grad, 1e-9 * Math.max(1, expectedGrad.amaxNumber().doubleValue())),
                    loss + " gradient at step " + s + ": norm " + grad.norm2Number() + " expected " + expectedGrad.norm2Number());
        }
    }

    /** DL4J advances the layer's iteration count after every fit: step k's score uses step k's weight. */
    @Test
    void trainingStepsUseTheirStepsWeight() {
        KdOutputLayer decaying = new KdOutputLayer(4, 9, KdOutputLayer.Loss.COSINE, 5).decaying(2, 6);
        // learning rate 0: the parameters never move, only the weight does
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new org.nd4j.linalg.learning.config.Sgd(0)).graphBuilder()
                .addInputs("x").setInputTypes(InputType.feedForward(10))
                .addLayer("emb", new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build(), "x")
                .addLayer("kd", decaying, "emb")
                .setOutputs("kd").build());
        g.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 10).subi(0.5);
        INDArray t = normalised(Nd4j.randn(DataType.DOUBLE, 5, 9));
        MultiDataSet mds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {t});
        INDArray emb = g.feedForward(x, false).get("emb");
        double unit = directLoss(KdOutputLayer.Loss.COSINE, 1, emb.mmul(g.getParam("kd_P")), t);
        for (int step = 0; step < 8; step++) {
            g.fit(mds);
            assertEquals(unit * decaying.weightAt(step), g.score(), 1e-9, "step " + step);
        }
        assertEquals(8, g.getLayer("kd").getIterationCount());
    }

    @Test
    void decayingGradientsMatchFiniteDifferences() {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph g = kdOnly(new KdOutputLayer(4, 9, KdOutputLayer.Loss.COSINE, 3).decaying(1, 5), 4);
            g.getConfiguration().setIterationCount(3);
            g.getLayer("kd").setIterationCount(3);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 10).subi(0.5);
            INDArray t = normalised(Nd4j.randn(DataType.DOUBLE, 4, 9));
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {t})));
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    @Test
    void decayNeedsAnOrderedRange() {
        KdOutputLayer kd = new KdOutputLayer(4, 9, KdOutputLayer.Loss.COSINE, 3);
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> kd.decaying(5, 5))
                .getMessage().contains("start < end"));
    }

    static INDArray normalised(INDArray x) {
        return x.divColumnVector(x.norm2(1).reshape(-1, 1));
    }

    @ParameterizedTest
    @CsvSource({"16,16,MSE", "8,32,MSE", "8,32,COSINE", "8,32,SIMILARITY"})
    void kdAloneAlignsTheStudent(int studentDim, int teacherDim, KdOutputLayer.Loss loss) {
        boolean similarity = loss == KdOutputLayer.Loss.SIMILARITY;
        Nd4j.getRandom().setSeed(3);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2)).graphBuilder()
                .addInputs("x").setInputTypes(InputType.feedForward(20))
                .addLayer("emb", new DenseLayer.Builder().nOut(studentDim).activation(Activation.IDENTITY).build(), "x")
                .addLayer("kd", new KdOutputLayer(studentDim, teacherDim, loss, loss == KdOutputLayer.Loss.COSINE ? 1 : 10), "emb")
                .setOutputs("kd").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        INDArray x = Nd4j.randn(DataType.FLOAT, 32, 20);
        // a teacher that is a fixed linear function of the input, so a student can match it
        INDArray teacher = normalised(x.mmul(Nd4j.randn(DataType.FLOAT, 20, teacherDim)));
        MultiDataSet mds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {teacher});
        net.fit(mds);
        double first = net.score();
        for (int i = 0; i < 300; i++) {
            net.fit(mds);
        }
        double last = net.score();
        assertTrue(last < first * 0.3, "KD loss " + first + " -> " + last);
        if (!similarity) {
            INDArray student = net.outputSingle(x);
            double cos = student.mul(teacher).sum(1).meanNumber().doubleValue();
            assertTrue(cos > 0.8, "student-teacher cosine after training " + cos);
        }
    }
}
