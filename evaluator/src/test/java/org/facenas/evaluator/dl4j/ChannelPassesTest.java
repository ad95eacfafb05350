package org.facenas.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every channel pass against a brute-force oracle (index arithmetic over n, c, h, w in double) on random shapes
 * and values, in float and double, on one thread and split over two and three, with shapes on both sides of the
 * size at which a pass is split.
 */
class ChannelPassesTest {

    private static final long[][] SHAPES = {
        {2, 3, 4, 5}, {3, 7, 1, 1}, {5, 6}, {4, 16, 32, 32}, {3, 64, 13, 11}, {32, 1100}, {2, 5, 100, 100},
    };

    private static double[] random(Random r, int n, double scale, double offset) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian() * scale + offset;
        }
        if (n > 4) {
            v[3] = 0.0; // the derivative's convention at 0
            v[4] = -0.0;
        }
        return v;
    }

    private static INDArray array(double[] v, long[] shape, DataType type) {
        return Nd4j.createFromArray(v).castTo(type).reshape('c', shape);
    }

    private static double[] read(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    /** Channel of flat index i in c order. */
    private static int channel(long[] shape, int i) {
        long plane = shape.length == 4 ? shape[2] * shape[3] : 1;
        return (int) ((i / plane) % shape[1]);
    }

    @Test
    void everyPassEqualsTheOracle() {
        Random r = new Random(11);
        for (long[] shape : SHAPES) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                for (int threads = 1; threads <= 3; threads++) {
                    check(r, shape, type, threads);
                }
            }
        }
    }

    private static void check(Random r, long[] shape, DataType type, int threads) {
        String what = java.util.Arrays.toString(shape) + " " + type + " on " + threads + " threads";
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        int ch = (int) shape[1];
        double tol = type == DataType.FLOAT ? 2e-6 : 1e-12;
        // as the passes see them: the values rounded to the data type
        double[] x = read(array(random(r, n, 2.0, 0.7), shape, type));
        double[] y = read(array(random(r, n, 1.0, -0.2), shape, type));
        double[] k = random(r, ch, 1.0, 0.5);
        double[] m = random(r, ch, 0.5, 0.0);
        double[] center = random(r, ch, 1.0, 0.7);
        double[] shift = random(r, ch, 1.0, 0.0);
        double[] slope = random(r, ch, 0.2, 0.25);
        INDArray xa = array(x, shape, type);
        INDArray ya = array(y, shape, type);
        ChannelPasses passes = new ChannelPasses(shape.length == 4 ? shape[2] * shape[3] : 1, threads);
        ChannelPasses.Layout l = ChannelPasses.Layout.of(xa);

        double[] sum = new double[ch], sumSq = new double[ch], sumY = new double[ch], sumYX = new double[ch];
        double[] wantSum = new double[ch], wantSumSq = new double[ch], wantY = new double[ch], wantYX = new double[ch];
        double[] wantSlope = new double[ch];
        double[] scaled = new double[n], combined = new double[n], activated = new double[n], back = new double[n];
        for (int i = 0; i < n; i++) {
            int c = channel(shape, i);
            wantSum[c] += x[i];
            wantSumSq[c] += x[i] * x[i];
            wantY[c] += y[i];
            wantYX[c] += y[i] * x[i];
            scaled[i] = k[c] * (x[i] - center[c]) + shift[c];
            combined[i] = k[c] * y[i] + m[c] * (x[i] - center[c]) + shift[c];
            boolean negative = x[i] < 0 || (x[i] == 0 && 1 / x[i] < 0); // -0.0 counts as negative
            activated[i] = x[i] >= 0 ? x[i] : slope[c] * x[i];
            back[i] = negative ? slope[c] * y[i] : y[i];
            wantSlope[c] += y[i] * Math.min(x[i], 0);
        }
        passes.sums(xa, l, sum, sumSq);
        passes.sumsOfProduct(ya, xa, l, sumY, sumYX);
        INDArray z = Nd4j.create(type, shape);
        passes.scaleShift(xa, z, l, center, k, shift);
        assertClose(scaled, read(z), tol, "scaleShift " + what);
        passes.combine(ya, xa, z, l, k, m, center, shift);
        assertClose(combined, read(z), tol, "combine " + what);
        passes.prelu(xa, z, l, slope);
        assertClose(activated, read(z), tol, "prelu " + what);
        double[] dSlope = new double[ch];
        passes.preluBackward(xa, ya, z, l, slope, dSlope);
        assertClose(back, read(z), tol, "preluBackward " + what);

        double sumTol = type == DataType.FLOAT ? 1e-5 : 1e-10;
        assertClose(wantSum, sum, sumTol, "sums " + what);
        assertClose(wantSumSq, sumSq, sumTol, "sums of squares " + what);
        assertClose(wantY, sumY, sumTol, "sumsOfProduct " + what);
        assertClose(wantYX, sumYX, sumTol, "sumsOfProduct xy " + what);
        assertClose(wantSlope, dSlope, sumTol, "slope gradient " + what);
    }

    /** Equal within {@code tol} relative to the largest magnitude of {@code want}. */
    private static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        double scale = 1e-12;
        for (double w : want) {
            scale = Math.max(scale, Math.abs(w));
        }
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol * scale, what + " at " + i);
        }
    }

    @Test
    void aSplitPassGivesTheSameSumsOnEveryRun() {
        long[] shape = {8, 32, 24, 24};
        assertTrue(shape[0] * shape[1] * shape[2] * shape[3] > ChannelPasses.PARALLEL_MIN, "the shape is split");
        Random r = new Random(3);
        INDArray x = array(random(r, 8 * 32 * 24 * 24, 1.0, 3.0), shape, DataType.FLOAT);
        ChannelPasses passes = new ChannelPasses(24 * 24, 2);
        ChannelPasses.Layout l = ChannelPasses.Layout.of(x);
        double[] first = new double[32];
        passes.sums(x, l, first, new double[32]);
        for (int run = 0; run < 20; run++) {
            double[] again = new double[32];
            passes.sums(x, l, again, new double[32]);
            assertArrayEquals(first, again, 0.0, "run " + run);
        }
    }

    @Test
    void refusesArraysOfAnotherLayout() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4);
        ChannelPasses passes = new ChannelPasses(16, 1);
        ChannelPasses.Layout l = ChannelPasses.Layout.of(x);
        assertThrows(IllegalArgumentException.class, () -> passes.prelu(x, Nd4j.create(DataType.DOUBLE, 2, 3, 4, 4), l, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> passes.prelu(x, Nd4j.create(DataType.FLOAT, 2, 3, 4, 5), l, new double[3]));
        INDArray strided = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 8).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4));
        assertThrows(IllegalArgumentException.class, () -> passes.prelu(strided, Nd4j.create(DataType.FLOAT, 2, 3, 4, 4), l, new double[3]));
    }

    @Test
    void parameterValuesRoundTrip() {
        INDArray params = Nd4j.rand(DataType.FLOAT, 1, 10);
        INDArray view = params.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 7)).reshape(5, 1, 1);
        double[] v = ChannelPasses.values(view);
        assertArrayEquals(read(view), v, 0.0);
        ChannelPasses.assign(view, new double[] {1, 2, 3, 4, 5});
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, java.util.Arrays.copyOfRange(read(params), 2, 7), 0.0);
    }
}
