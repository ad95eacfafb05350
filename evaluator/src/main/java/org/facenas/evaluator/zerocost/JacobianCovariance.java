package org.facenas.evaluator.zerocost;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * jacob_cov (Mellor et al., "Neural Architecture Search without Training", v1; zero-cost-nas's {@code jacob_cov}):
 * the correlation matrix C of the images' input Jacobians (one row per image), scored -sum(log(v + k) + 1/(v + k))
 * over C's eigenvalues v, k = 1e-5. Higher when the images' Jacobians are less correlated.
 */
public final class JacobianCovariance {

    static final double K = 1e-5;

    private JacobianCovariance() {
    }

    /** @param jacobians one row per image: d(sum of the outputs)/d(input), flattened */
    public static double score(double[][] jacobians) {
        double[][] c = correlation(jacobians);
        for (double[] row : c) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    // an image whose Jacobian is constant has no correlation (NumPy's corrcoef gives NaN too)
                    return Double.NaN;
                }
            }
        }
        double[] v = new EigenDecomposition(new Array2DRowRealMatrix(c, false)).getRealEigenvalues();
        double s = 0;
        for (double e : v) {
            s += Math.log(e + K) + 1 / (e + K);
        }
        return -s;
    }

    /** NumPy's corrcoef of the rows: Pearson correlation between images, over the input's elements. */
    static double[][] correlation(double[][] rows) {
        // PearsonsCorrelation correlates columns
        return new PearsonsCorrelation().computeCorrelationMatrix(new Array2DRowRealMatrix(rows, false).transpose()).getData();
    }
}
