package org.facenas.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.facenas.records.proxy.Margin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The plain margin head against the loss written out, DL4J's finite-difference gradient check, and the SameDiff head
 * it replaced as the oracle on the same inputs and centres (scores, cosines, input and weight gradients, float and
 * double, with unlabelled rows); rows without labels, training and a save and load.
 */
class MarginSoftmaxOutputLayerTest {

    @TempDir
    File dir;

    private static ComputationGraph headOnly(org.deeplearning4j.nn.conf.layers.Layer head, boolean train) {
        return headOnly(head, train, DataType.DOUBLE);
    }

    private static ComputationGraph headOnly(org.deeplearning4j.nn.conf.layers.Layer head, boolean train, DataType type) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5).dataType(type)
                .updater(train ? new Adam(0.01) : new NoOp()).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(8))
                .addLayer("embedding", new DenseLayer.Builder().nOut(6).activation(Activation.IDENTITY).build(), "in")
                .addLayer("margin", head, "embedding")
                .setOutputs("margin").build());
        g.init();
        return g;
    }

    /** The loss written out directly: mean over examples of -log softmax(s * margin-adjusted cosines)[label]. */
    private static double directLoss(INDArray emb, INDArray w, int[] labels, Margin.Kind kind, double s, double m) {
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            INDArray e = emb.getRow(i);
            double[] logits = new double[(int) w.columns()];
            for (int c = 0; c < logits.length; c++) {
                INDArray col = w.getColumn(c);
                double cos = e.mul(col).sumNumber().doubleValue() / (e.norm2Number().doubleValue() * col.norm2Number().doubleValue());
                if (c == labels[i]) {
                    if (kind == Margin.Kind.ARCFACE) {
                        double theta = Math.acos(cos);
                        cos = cos > Math.cos(Math.PI - m) ? Math.cos(theta + m) : cos - Math.sin(Math.PI - m) * m;
                    } else {
                        cos -= m;
                    }
                }
                logits[c] = s * cos;
            }
            double max = java.util.Arrays.stream(logits).max().orElseThrow();
            double lse = max + Math.log(java.util.Arrays.stream(logits).map(l -> Math.exp(l - max)).sum());
            total += lse - logits[labels[i]];
        }
        return total / labels.length;
    }

    @Test
    void lossEqualsTheFormulaForArcFaceAndCosFace() {
        for (MarginSoftmaxOutputLayer head : new MarginSoftmaxOutputLayer[] {
                new MarginSoftmaxOutputLayer(6, 5, Margin.arcFace(64)), new MarginSoftmaxOutputLayer(6, 5, Margin.cosFace(64)),
                new MarginSoftmaxOutputLayer(6, 5, new Margin(Margin.Kind.ARCFACE, 16, 0.3))}) {
            ComputationGraph g = headOnly(head, false);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 8).subi(0.5);
            int[] labels = {0, 3, 4, 3};
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 5);
            for (int i = 0; i < 4; i++) {
                y.putScalar(i, labels[i], 1);
            }
            double score = g.score(new DataSet(x, y));
            INDArray emb = g.feedForward(x, false).get("embedding");
            double expected = directLoss(emb, g.getParam("margin_W"), labels, head.getKind(), head.getScale(), head.getMargin());
            assertEquals(expected, score, 1e-6 * Math.max(1, expected), head.getKind() + " s=" + head.getScale());
        }
    }

    /**
     * Twin graphs, the same embedding layer and centres, one with this head and one with the SameDiff head: equal
     * scores, cosines and gradients (embedding layer's and centres') in double to 1e-9 and in float to 1e-4 relative.
     */
    @Test
    void equalsTheSameDiffHeadOnTheSameInputs() {
        Margin[] margins = {Margin.arcFace(64), Margin.cosFace(32), new Margin(Margin.Kind.ARCFACE, 16, 0.3)};
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tolerance = type == DataType.DOUBLE ? 1e-9 : 1e-4;
            for (Margin m : margins) {
                ComputationGraph plain = headOnly(new MarginSoftmaxOutputLayer(6, 5, m), false, type);
                ComputationGraph oracle = headOnly(new SameDiffMarginSoftmax(6, 5, m), false, type);
                oracle.getParam("embedding_W").assign(plain.getParam("embedding_W"));
                oracle.getParam("embedding_b").assign(plain.getParam("embedding_b").addi(0.1));
                plain.getParam("embedding_b").assign(oracle.getParam("embedding_b"));
                oracle.getParam("margin_W").assign(plain.getParam("margin_W"));
                INDArray x = Nd4j.rand(type, 7, 8).subi(0.5);
                INDArray y = Nd4j.zeros(type, 7, 5);
                int[] labels = {4, -1, 0, 2, -1, 2, 1};
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i] >= 0) {
                        y.putScalar(i, labels[i], 1);
                    }
                }
                String what = type + " " + m;
                assertEquals(0.0, relative(plain.outputSingle(x), oracle.outputSingle(x)), tolerance, what + ": cosines");
                double want = oracle.score(new DataSet(x, y));
                assertEquals(want, plain.score(new DataSet(x, y)), tolerance * Math.max(1, Math.abs(want)), what + ": score");
                for (ComputationGraph g : new ComputationGraph[] {plain, oracle}) {
                    g.setInputs(x);
                    g.setLabels(y);
                    g.computeGradientAndScore();
                }
                for (String p : new String[] {"margin_W", "embedding_W", "embedding_b"}) {
                    INDArray got = plain.gradient().getGradientFor(p);
                    INDArray expected = oracle.gradient().getGradientFor(p);
                    assertTrue(expected.norm2Number().doubleValue() > 0, what + ": " + p + " has a gradient");
                    assertEquals(0.0, relative(got, expected), tolerance, what + ": gradient of " + p);
                }
            }
        }
    }

    private static double relative(INDArray got, INDArray want) {
        return got.castTo(DataType.DOUBLE).sub(want.castTo(DataType.DOUBLE)).amaxNumber().doubleValue()
                / Math.max(1e-12, want.amaxNumber().doubleValue());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            for (MarginSoftmaxOutputLayer head : new MarginSoftmaxOutputLayer[] {
                    new MarginSoftmaxOutputLayer(6, 5, Margin.arcFace(4)),
                    new MarginSoftmaxOutputLayer(6, 5, Margin.cosFace(4))}) {
                ComputationGraph g = headOnly(head, false);
                INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 8).subi(0.5);
                INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, 5);
                y.putScalar(0, 1, 1);
                y.putScalar(1, 4, 1);
                y.putScalar(2, 0, 1);
                assertTrue(org.deeplearning4j.gradientcheck.GradientCheckUtil.checkGradients(
                        new org.deeplearning4j.gradientcheck.GradientCheckUtil.GraphConfig().net(g)
                                .inputs(new INDArray[] {x}).labels(new INDArray[] {y})), head.getKind().name());
            }
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    /**
     * Rows with all-zero labels (KD-only images) add no loss and no gradient, and do not dilute the labelled rows'
     * mean: the score and every gradient equal those of the labelled rows alone.
     */
    @Test
    void unlabelledRowsNeitherAddNorDilute() {
        for (MarginSoftmaxOutputLayer head : new MarginSoftmaxOutputLayer[] {
                new MarginSoftmaxOutputLayer(6, 5, Margin.arcFace(16)), new MarginSoftmaxOutputLayer(6, 5, Margin.cosFace(16))}) {
            ComputationGraph g = headOnly(head, false);
            INDArray labelledX = Nd4j.rand(DataType.DOUBLE, 4, 8).subi(0.5);
            int[] labels = {2, 0, 4, 2};
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 5);
            for (int i = 0; i < 4; i++) {
                y.putScalar(i, labels[i], 1);
            }
            INDArray extraX = Nd4j.rand(DataType.DOUBLE, 3, 8).subi(0.5);
            INDArray mixedX = Nd4j.concat(0, labelledX.getRows(0, 1), extraX, labelledX.getRows(2, 3));
            INDArray mixedY = Nd4j.concat(0, y.getRows(0, 1), Nd4j.zeros(DataType.DOUBLE, 3, 5), y.getRows(2, 3));
            double labelledScore = g.score(new DataSet(labelledX, y));
            INDArray emb = g.feedForward(labelledX, false).get("embedding");
            assertEquals(directLoss(emb, g.getParam("margin_W"), labels, head.getKind(), head.getScale(), head.getMargin()),
                    labelledScore, 1e-6 * Math.max(1, labelledScore));
            assertEquals(labelledScore, g.score(new DataSet(mixedX, mixedY)), 1e-9 * Math.max(1, labelledScore),
                    head.getKind() + ": 3 unlabelled rows among 4 change the loss");
            g.setInputs(labelledX);
            g.setLabels(y);
            g.computeGradientAndScore();
            INDArray labelledGrad = g.gradient().gradient().dup();
            g.setInputs(mixedX);
            g.setLabels(mixedY);
            g.computeGradientAndScore();
            INDArray mixedGrad = g.gradient().gradient().dup();
            // DL4J divides by the minibatch in the updater: the per-example gradient the update applies
            assertTrue(labelledGrad.div(4).equalsWithEps(mixedGrad.div(7), 1e-10), head.getKind() + ": gradient "
                    + labelledGrad.div(4) + " vs " + mixedGrad.div(7));
            // all labels zero (a KD-only warm-up step): no loss, no gradient
            g.setInputs(mixedX);
            g.setLabels(Nd4j.zeros(DataType.DOUBLE, 7, 5));
            g.computeGradientAndScore();
            assertEquals(0, g.score(), 0);
            assertEquals(0, g.gradient().gradient().norm2Number().doubleValue(), 0);
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesWithUnlabelledRows() {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph g = headOnly(new MarginSoftmaxOutputLayer(6, 5, Margin.arcFace(4)), false);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 8).subi(0.5);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 5, 5);
            y.putScalar(0, 1, 1);
            y.putScalar(3, 4, 1);
            assertTrue(org.deeplearning4j.gradientcheck.GradientCheckUtil.checkGradients(
                    new org.deeplearning4j.gradientcheck.GradientCheckUtil.GraphConfig().net(g)
                            .inputs(new INDArray[] {x}).labels(new INDArray[] {y})));
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    @Test
    void trainingSeparatesClassesAndSurvivesSaveAndLoad() throws Exception {
        ComputationGraph g = headOnly(new MarginSoftmaxOutputLayer(6, 4, Margin.arcFace(64)), true);
        // four well-separated clusters
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 32, 8);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 32, 4);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 32; i++) {
            int c = i % 4;
            for (int d = 0; d < 8; d++) {
                x.putScalar(i, d, (d % 4 == c ? 2.0 : 0.0) + 0.1 * r.nextGaussian());
            }
            y.putScalar(i, c, 1);
        }
        DataSet ds = new DataSet(x, y);
        double before = g.score(ds);
        for (int i = 0; i < 150; i++) {
            g.fit(ds);
        }
        double after = g.score(ds);
        assertTrue(after < before * 0.5, "loss " + before + " -> " + after);
        INDArray cos = g.outputSingle(x);
        for (int i = 0; i < 32; i++) {
            assertEquals(i % 4, cos.getRow(i).argMax().getInt(0), "nearest class centre of example " + i);
        }
        File f = new File(dir, "net.zip");
        ModelSerializer.writeModel(g, f, false);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(f, false);
        assertEquals(0.0, back.outputSingle(x).sub(cos).amaxNumber().doubleValue(), 1e-12);
        assertEquals(after, back.score(ds), 1e-9);
    }
}
