package org.facenas.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.train.ProxyTrainer;
import org.facenas.evaluator.train.TrainStats;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * KD-only rows ({@code +extra}): appended after the labelled rows with zero margin labels and the teacher's
 * embedding of the image or, when flipped, of its mirror; drawn without replacement within a pass over their set;
 * the labelled rows and the number of batches are those of the run without them.
 */
class KdOnlyRowsTest {

    private static final int SIZE = 4;

    private static FaceTensors faces(int n, int classes, long seed) {
        Random r = new Random(seed);
        List<float[]> images = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float[] img = new float[3 * SIZE * SIZE];
            for (int k = 0; k < img.length; k++) {
                img[k] = (float) r.nextGaussian();
            }
            images.add(img);
            labels[i] = i % classes;
        }
        return new FaceTensors(SIZE, images, labels, classes);
    }

    private static float[][] vectors(int n, int dim, long seed) {
        Random r = new Random(seed);
        float[][] v = new float[n][dim];
        for (float[] row : v) {
            for (int k = 0; k < dim; k++) {
                row[k] = (float) r.nextGaussian();
            }
        }
        return v;
    }

    @Test
    void kdOnlyRowsFollowTheLabelledOnesAndLeaveThemAsTheyWere() {
        FaceTensors train = faces(20, 4, 1);
        float[][] teacher = vectors(20, 6, 2);
        float[][] teacherFlipped = vectors(20, 6, 3);
        FaceTensors pool = faces(11, 3, 4);
        float[][] poolPlain = vectors(11, 6, 5);
        float[][] poolFlipped = vectors(11, 6, 6);
        ShuffledBatches plain = new ShuffledBatches(train, 8, true, 9, List.<float[][]>of(teacher), List.<float[][]>of(teacherFlipped));
        ShuffledBatches extra = new ShuffledBatches(train, 8, true, 9, List.<float[][]>of(teacher), List.<float[][]>of(teacherFlipped))
                .withKdOnlyRows(pool, poolPlain, poolFlipped, 5, 77);
        assertEquals(plain.batchesPerEpoch(), extra.batchesPerEpoch());
        List<Integer> drawn = new ArrayList<>();
        int flips = 0;
        for (int epoch = 0; epoch < 3; epoch++) {
            plain.reset();
            extra.reset();
            int batches = 0;
            while (plain.hasNext()) {
                assertTrue(extra.hasNext());
                MultiDataSet a = plain.next();
                MultiDataSet b = extra.next();
                batches++;
                assertEquals(8, a.getFeatures(0).size(0));
                assertEquals(13, b.getFeatures(0).size(0), "8 labelled + 5 KD-only rows");
                // the labelled rows: identical features, margin labels and teacher targets
                assertEquals(a.getFeatures(0), b.getFeatures(0).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)));
                assertEquals(a.getLabels(0), b.getLabels(0).getRows(0, 1, 2, 3, 4, 5, 6, 7));
                assertEquals(a.getLabels(1), b.getLabels(1).getRows(0, 1, 2, 3, 4, 5, 6, 7));
                for (int row = 8; row < 13; row++) {
                    assertEquals(0, b.getLabels(0).getRow(row).sumNumber().doubleValue(), "KD-only rows have no identity label");
                    float[] x = b.getFeatures(0).get(org.nd4j.linalg.indexing.NDArrayIndex.point(row)).dup().data().asFloat();
                    float[] t = b.getLabels(1).getRow(row).toFloatVector();
                    int found = -1;
                    for (int i = 0; i < pool.count(); i++) {
                        if (java.util.Arrays.equals(x, pool.image(i))) {
                            assertArrayEquals(poolPlain[i], t, "an unflipped image carries the teacher's embedding of it");
                            found = i;
                        } else if (java.util.Arrays.equals(x, FaceTensors.flipped(pool.image(i), SIZE))) {
                            assertArrayEquals(poolFlipped[i], t, "a flipped image carries the embedding of the mirror");
                            found = i;
                            flips++;
                        }
                    }
                    assertTrue(found >= 0, "a KD-only row is one of the KD images");
                    drawn.add(found);
                }
            }
            assertFalse(extra.hasNext());
            assertEquals(2, batches);
        }
        // 6 batches x 5 rows = 30 draws from 11 images: each pass of 11 draws holds every image once
        assertEquals(30, drawn.size());
        for (int pass = 0; pass + 11 <= drawn.size(); pass += 11) {
            Set<Integer> seen = new HashSet<>(drawn.subList(pass, pass + 11));
            assertEquals(11, seen.size(), "pass " + pass / 11 + " draws without replacement: " + drawn);
        }
        assertTrue(flips > 3 && flips < 27, "flips at random: " + flips + " of 30");
    }

    /** The trainer makes as many steps with KD-only rows as without them, each carrying them. */
    @Test
    void theStepCountDoesNotChange() {
        FaceTensors train = faces(40, 4, 1);
        float[][] teacher = vectors(40, 6, 2);
        FaceTensors pool = faces(30, 3, 4);
        TrainStats without = ProxyTrainer.train(net(), new ShuffledBatches(train, 8, true, 3, List.<float[][]>of(teacher), List.<float[][]>of(teacher)), 3, null);
        TrainStats with = ProxyTrainer.train(net(), new ShuffledBatches(train, 8, true, 3, List.<float[][]>of(teacher), List.<float[][]>of(teacher))
                .withKdOnlyRows(pool, vectors(30, 6, 5), vectors(30, 6, 6), 12, 1), 3, null);
        assertEquals(15, without.steps());
        assertEquals(without.steps(), with.steps());
        assertEquals(15L * 8, without.images());
        assertEquals(15L * (8 + 12), with.images());
    }

    private static ComputationGraph net() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.01)).graphBuilder()
                .addInputs("x").setInputTypes(InputType.convolutional(SIZE, SIZE, 3))
                .addLayer("emb", new DenseLayer.Builder().nOut(5).activation(Activation.IDENTITY).build(), "x")
                .addLayer("margin", new org.facenas.evaluator.dl4j.MarginSoftmaxOutputLayer(5, 4, org.facenas.records.proxy.Margin.cosFace(8)), "emb")
                .addLayer("kd", new org.facenas.evaluator.dl4j.KdOutputLayer(5, 6, org.facenas.evaluator.dl4j.KdOutputLayer.Loss.COSINE, 10), "emb")
                .setOutputs("margin", "kd").build());
        g.init();
        return g;
    }

    /**
     * In the training graph (margin head and KD output on one embedding) KD-only rows add their full KD loss and
     * gradient and nothing to the margin loss: the score is the margin loss's mean over the labelled rows plus the
     * KD loss's mean over every row, and the gradient splits the same way.
     */
    @Test
    void kdOnlyRowsAddKdAndNoMarginLossOrGradient() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .updater(new org.nd4j.linalg.learning.config.NoOp()).graphBuilder()
                .addInputs("x").setInputTypes(InputType.feedForward(7))
                .addLayer("emb", new DenseLayer.Builder().nOut(5).activation(Activation.IDENTITY).build(), "x")
                .addLayer("margin", new org.facenas.evaluator.dl4j.MarginSoftmaxOutputLayer(5, 4, org.facenas.records.proxy.Margin.cosFace(8)), "emb")
                .addLayer("kd", new org.facenas.evaluator.dl4j.KdOutputLayer(5, 6, org.facenas.evaluator.dl4j.KdOutputLayer.Loss.COSINE, 3), "emb")
                .setOutputs("margin", "kd").build());
        g.init();
        INDArray x = org.nd4j.linalg.factory.Nd4j.rand(DataType.DOUBLE, 7, 7).subi(0.5);
        INDArray y = org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, 7, 4);
        int labelled = 4;
        for (int i = 0; i < labelled; i++) {
            y.putScalar(i, i % 4, 1);
        }
        INDArray t = org.nd4j.linalg.factory.Nd4j.randn(DataType.DOUBLE, 7, 6);
        t.diviColumnVector(t.norm2(1).reshape(-1, 1));
        INDArray xl = x.getRows(0, 1, 2, 3);
        INDArray yl = y.getRows(0, 1, 2, 3);
        INDArray tl = t.getRows(0, 1, 2, 3);
        // the parts, each from a batch that holds only it
        double marginOnLabelled = score(g, xl, yl, tl) - score(g, xl, yl.mul(0), tl);
        double kdOnAll = score(g, x, y.mul(0), t);
        assertEquals(marginOnLabelled + kdOnAll, score(g, x, y, t), 1e-9);
        // gradients: DL4J sums per row and divides by the batch in the update; per-row-averaged they must add up
        INDArray marginGrad = gradient(g, xl, yl, tl).sub(gradient(g, xl, yl.mul(0), tl)).div(labelled);
        INDArray kdGrad = gradient(g, x, y.mul(0), t).div(7);
        INDArray mixed = gradient(g, x, y, t).div(7);
        assertTrue(marginGrad.add(kdGrad).equalsWithEps(mixed, 1e-9), "gradient " + mixed + " vs " + marginGrad.add(kdGrad));
        assertTrue(marginGrad.norm2Number().doubleValue() > 1e-6 && kdGrad.norm2Number().doubleValue() > 1e-6);
    }

    private static double score(ComputationGraph g, INDArray x, INDArray y, INDArray t) {
        return g.score(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x}, new INDArray[] {y, t}));
    }

    private static INDArray gradient(ComputationGraph g, INDArray x, INDArray y, INDArray t) {
        g.setInputs(x);
        g.setLabels(y, t);
        g.computeGradientAndScore();
        return g.gradient().gradient().dup();
    }
}
