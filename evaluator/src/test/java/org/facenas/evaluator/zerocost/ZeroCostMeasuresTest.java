package org.facenas.evaluator.zerocost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Each zero-cost score on small hand-built networks against a brute-force computation of its definition. */
class ZeroCostMeasuresTest {

    /** in(4) -> dense a(3, no bias) -> relu r -> dense b(2, no bias) [-> MSE output o(2)], double precision. */
    static ComputationGraph twoLayers(boolean withLoss, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE).graphBuilder()
                .addInputs("x").setInputTypes(InputType.feedForward(4))
                .addVertex("in", new org.facenas.evaluator.dl4j.GradientTapVertex(), "x")
                .addLayer("a", new DenseLayer.Builder().nIn(4).nOut(3).hasBias(false).activation(Activation.IDENTITY).build(), "in")
                .addLayer("r", new ActivationLayer.Builder().activation(Activation.RELU).build(), "a")
                .addLayer("b", new DenseLayer.Builder().nIn(3).nOut(2).hasBias(false).activation(Activation.IDENTITY).build(), "r");
        if (withLoss) {
            g.addLayer("o", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(2).hasBias(false)
                    .activation(Activation.IDENTITY).build(), "b").setOutputs("o");
        } else {
            g.setOutputs("b");
        }
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** SynFlow of y = B relu(A x) with |A|, |B| and x = 1: R = 1^T |B| |A| 1, and each layer's sum theta dR/dtheta is R. */
    @Test
    void synflowIsTheExplicitPathProductOfATwoLayerLinearNet() {
        ComputationGraph net = twoLayers(false, 3);
        double[][] a = net.getParam("a_W").dup().toDoubleMatrix();
        double[][] b = net.getParam("b_W").dup().toDoubleMatrix();
        // DL4J's dense W is [nIn, nOut]: the path in i -> hidden h -> out o has weight |a[i][h]| |b[h][o]|
        double r = 0;
        double saliencyA = 0;
        double saliencyB = 0;
        for (int i = 0; i < 4; i++) {
            for (int h = 0; h < 3; h++) {
                for (int o = 0; o < 2; o++) {
                    double path = Math.abs(a[i][h]) * Math.abs(b[h][o]);
                    r += path;
                    saliencyA += path;
                    saliencyB += path;
                }
            }
        }
        assertEquals(2 * r, saliencyA + saliencyB, 1e-12);
        double log = ZeroCostMeasures.logSynflow(net, List.of("a_W", "b_W"), new long[] {1, 4});
        assertEquals(Math.log(saliencyA + saliencyB), log, 1e-9);
        assertTrue(net.getParam("a_W").minNumber().doubleValue() >= 0, "parameters were made absolute");
    }

    /** K[i][j] = N_A - Hamming(c_i, c_j), summed over layers, and its log-determinant by the Leibniz formula. */
    @Test
    void naswotKernelIsUnitsMinusHammingDistanceAndItsLogDeterminant() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 5;
        int[][] layer1 = new int[n][7];
        int[][] layer2 = new int[n][11];
        for (int[][] layer : List.of(layer1, layer2)) {
            for (int[] row : layer) {
                for (int u = 0; u < row.length; u++) {
                    row[u] = random.nextInt(2);
                }
            }
        }
        NaswotKernel k = new NaswotKernel(n);
        k.add(codes(layer1));
        k.add(codes(layer2));
        double[][] brute = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int hamming = 0;
                for (int[][] layer : List.of(layer1, layer2)) {
                    for (int u = 0; u < layer[i].length; u++) {
                        hamming += layer[i][u] != layer[j][u] ? 1 : 0;
                    }
                }
                brute[i][j] = 18 - hamming;
                assertEquals(brute[i][j], k.kernel()[i][j], 0, "K[" + i + "][" + j + "]");
            }
        }
        assertEquals(Math.log(Math.abs(leibniz(brute))), k.logDet(), 1e-9);
    }

    /** grad_norm and snip from DL4J's backward pass against central finite differences of the loss. */
    @Test
    void gradNormAndSnipMatchFiniteDifferences() {
        ComputationGraph net = twoLayers(true, 11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 4).subi(0.5);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 6, 2);
        List<String> weights = List.of("a_W", "b_W", "o_W");
        double norm = 0;
        double snip = 0;
        for (String key : weights) {
            INDArray w = net.getParam(key);
            double sq = 0;
            for (long i = 0; i < w.length(); i++) {
                double v = w.getDouble(i);
                double h = 1e-6;
                w.putScalar(i, v + h);
                double up = loss(net, x, y);
                w.putScalar(i, v - h);
                double down = loss(net, x, y);
                w.putScalar(i, v);
                double g = (up - down) / (2 * h);
                sq += g * g;
                snip += Math.abs(g * v);
            }
            norm += Math.sqrt(sq);
        }
        ZeroCostMeasures.GradientScores s = ZeroCostMeasures.gradients(net, x, new INDArray[] {y}, weights);
        assertEquals(norm, s.gradNorm(), 1e-6 * norm);
        assertEquals(snip, s.snip(), 1e-6 * snip);
    }

    /** Input Jacobians against finite differences, and the score against -(log det(C + kI) + trace((C + kI)^-1)). */
    @Test
    void jacobCovReadsTrueInputJacobiansAndScoresTheirCorrelations() {
        ComputationGraph net = twoLayers(false, 2);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4).subi(0.5);
        double[][] jac = ZeroCostMeasures.inputJacobians(net, x, "in");
        for (int i = 0; i < 3; i++) {
            for (int d = 0; d < 4; d++) {
                double h = 1e-6;
                INDArray up = x.getRow(i).dup().reshape(1, 4);
                INDArray down = up.dup();
                up.putScalar(d, up.getDouble(d) + h);
                down.putScalar(d, down.getDouble(d) - h);
                double fd = (net.outputSingle(up).sumNumber().doubleValue() - net.outputSingle(down).sumNumber().doubleValue()) / (2 * h);
                assertEquals(fd, jac[i][d], 1e-7, "d out / d x[" + i + "][" + d + "]");
            }
        }
        double[][] rows = {{1, 2, 3, 5, 4}, {2, 1, 0, 1, 3}, {0.5, 4, 1, 2, 2}};
        double[][] c = JacobianCovariance.correlation(rows);
        for (int i = 0; i < 3; i++) {
            c[i][i] += JacobianCovariance.K;
        }
        org.apache.commons.math3.linear.RealMatrix m = new org.apache.commons.math3.linear.Array2DRowRealMatrix(c);
        double trace = new org.apache.commons.math3.linear.LUDecomposition(m).getSolver().getInverse().getTrace();
        assertEquals(-(Math.log(leibniz(c)) + trace), JacobianCovariance.score(rows), 1e-6 * Math.abs(trace));
        assertEquals(pearson(rows[0], rows[2]), JacobianCovariance.correlation(rows)[0][2], 1e-12);
    }

    private static double loss(ComputationGraph net, INDArray x, INDArray y) {
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        return net.score() * x.size(0);
    }

    private static INDArray codes(int[][] bits) {
        double[][] d = new double[bits.length][];
        for (int i = 0; i < bits.length; i++) {
            d[i] = java.util.Arrays.stream(bits[i]).asDoubleStream().toArray();
        }
        return Nd4j.create(d);
    }

    /** det by the sum over permutations (n! terms: small n only). */
    static double leibniz(double[][] m) {
        int n = m.length;
        int[] p = java.util.stream.IntStream.range(0, n).toArray();
        return permute(m, p, 0);
    }

    private static double permute(double[][] m, int[] p, int k) {
        if (k == p.length) {
            double prod = sign(p);
            for (int i = 0; i < p.length; i++) {
                prod *= m[i][p[i]];
            }
            return prod;
        }
        double s = 0;
        for (int i = k; i < p.length; i++) {
            swap(p, k, i);
            s += permute(m, p, k + 1);
            swap(p, k, i);
        }
        return s;
    }

    private static int sign(int[] p) {
        int inversions = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = i + 1; j < p.length; j++) {
                inversions += p[i] > p[j] ? 1 : 0;
            }
        }
        return inversions % 2 == 0 ? 1 : -1;
    }

    private static void swap(int[] p, int i, int j) {
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
    }

    private static double pearson(double[] a, double[] b) {
        return new org.apache.commons.math3.stat.correlation.PearsonsCorrelation().correlation(a, b);
    }
}
