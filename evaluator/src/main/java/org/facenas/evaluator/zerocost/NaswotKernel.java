package org.facenas.evaluator.zerocost;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NASWOT's kernel (Mellor et al., ICML 2021): over the rectified units of a network, K[i][j] = N_A - d_H(c_i, c_j),
 * the number of units on which images i and j fall on the same side of zero; the score is log|det K|. Added layer by
 * layer as {@code c c^T + (1 - c)(1 - c)^T}, which equals N_A - d_H without forming the distances.
 */
public final class NaswotKernel {

    private final double[][] k;

    public NaswotKernel(int images) {
        this.k = new double[images][images];
    }

    /** Adds one layer's codes, [images, units] of 0 and 1 (any shape whose first axis is the image). */
    public void add(INDArray codes) {
        int n = k.length;
        if (codes.size(0) != n) {
            throw new IllegalArgumentException("codes for " + codes.size(0) + " images, kernel of " + n);
        }
        // 0/1 products summed in float are exact up to 2^24 units a layer
        INDArray c = codes.reshape(n, codes.length() / n).castTo(DataType.FLOAT);
        INDArray off = c.rsub(1f);
        double[][] same = c.mmul(c.transpose()).addi(off.mmul(off.transpose())).castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i][j] += same[i][j];
            }
        }
    }

    public double[][] kernel() {
        double[][] copy = new double[k.length][];
        for (int i = 0; i < k.length; i++) {
            copy[i] = k[i].clone();
        }
        return copy;
    }

    /** log|det K| (NumPy's slogdet, as the reference code): -infinity when two images share every code. */
    public double logDet() {
        return logAbsDet(k);
    }

    /** log|det M| from an LU factorisation (the determinant itself overflows a double for K of 64 images). */
    static double logAbsDet(double[][] m) {
        LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(m), 0);
        double[][] u = lu.getU().getData();
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += Math.log(Math.abs(u[i][i]));
        }
        return s;
    }
}
