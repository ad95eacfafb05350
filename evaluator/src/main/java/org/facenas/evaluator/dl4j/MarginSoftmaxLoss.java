package org.facenas.evaluator.dl4j;

import java.util.Objects;
import org.facenas.records.proxy.Margin;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The margin-softmax loss of {@link MarginSoftmaxOutputLayer} on its cosines [N, classes], with its gradient with
 * respect to them, in closed form, one pass over each row in double. The target class's logit is s*cos(theta+m)
 * (ArcFace, with insightface's fallback cos(theta) - m*sin(m) where theta+m would pass pi, on cosines clipped to
 * +-(1 - 1e-7)) or s*(cos(theta)-m) (CosFace); the others' are s*cos. Rows whose labels are all zero (KD-only images)
 * add nothing, and the rows' sum is scaled by N / (sum of the labels), so that DL4J's division by N leaves the mean
 * over the labelled rows.
 */
public final class MarginSoftmaxLoss implements ILossFunction {

    private static final long serialVersionUID = 1L;
    private static final double CLIP = 1 - 1e-7;

    private Margin.Kind kind = Margin.Kind.ARCFACE;
    private double scale = 64;
    private double margin = 0.5;

    /** For JSON deserialisation. */
    public MarginSoftmaxLoss() {
    }

    public MarginSoftmaxLoss(Margin m) {
        this.kind = m.kind();
        this.scale = m.scale();
        this.margin = m.m();
    }

    /**
     * Each row's loss (scaled as the class comment says); with {@code grad} non-null, its gradient with respect to
     * each cosine written there.
     */
    private double[] rows(INDArray labels, INDArray cosines, INDArray mask, double[][] grad) {
        if (mask != null) {
            throw new IllegalArgumentException("the margin-softmax loss takes no mask: an unlabelled row (all-zero labels) adds nothing");
        }
        double[][] y = labels.toDoubleMatrix();
        double[][] c = cosines.toDoubleMatrix();
        int n = c.length;
        double total = 0;
        for (double[] row : y) {
            for (double v : row) {
                total += v;
            }
        }
        double factor = n / Math.max(total, 1.0);
        double cosM = Math.cos(margin);
        double sinM = Math.sin(margin);
        double threshold = Math.cos(Math.PI - margin);
        double fallback = Math.sin(Math.PI - margin) * margin;
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            int k = c[i].length;
            double[] z = new double[k];
            double[] dzdc = new double[k];
            double labelled = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double cos = c[i][j];
                double yj = y[i][j];
                labelled += yj;
                double target;
                double slope;
                if (kind == Margin.Kind.ARCFACE) {
                    double clipped = Math.max(-CLIP, Math.min(CLIP, cos));
                    double inside = cos > -CLIP && cos < CLIP ? 1 : 0;
                    if (clipped > threshold) {
                        double sin = Math.sqrt(1 - clipped * clipped + 1e-12);
                        target = clipped * cosM - sin * sinM;
                        slope = (cosM + clipped * sinM / sin) * inside;
                    } else {
                        target = clipped - fallback;
                        slope = inside;
                    }
                } else {
                    target = cos - margin;
                    slope = 1;
                }
                z[j] = scale * (yj * target + (1 - yj) * cos);
                dzdc[j] = scale * (yj * slope + (1 - yj));
                max = Math.max(max, z[j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[j] - max);
            }
            double logSum = max + Math.log(sum);
            double rowLoss = 0;
            for (int j = 0; j < k; j++) {
                rowLoss -= y[i][j] * (z[j] - logSum);
            }
            loss[i] = rowLoss * factor;
            if (grad != null) {
                for (int j = 0; j < k; j++) {
                    // d(-sum_j y_j log p_j)/dz_j = p_j * sum(y) - y_j
                    double dz = (Math.exp(z[j] - logSum) * labelled - y[i][j]) * factor;
                    grad[i][j] = dz * dzdc[j];
                }
            }
        }
        return loss;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        double sum = 0;
        for (double l : rows(labels, preOutput, mask, null)) {
            sum += l;
        }
        return average ? sum / preOutput.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] loss = rows(labels, preOutput, mask, null);
        return Nd4j.createFromArray(loss).reshape(loss.length, 1).castTo(preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[][] grad = new double[(int) preOutput.size(0)][(int) preOutput.size(1)];
        rows(labels, preOutput, mask, grad);
        return Nd4j.createFromArray(grad).castTo(preOutput.dataType());
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        double[][] grad = new double[(int) preOutput.size(0)][(int) preOutput.size(1)];
        double sum = 0;
        for (double l : rows(labels, preOutput, mask, grad)) {
            sum += l;
        }
        DataType type = preOutput.dataType();
        return new Pair<>(average ? sum / preOutput.size(0) : sum, Nd4j.createFromArray(grad).castTo(type));
    }

    @Override
    public String name() {
        return toString();
    }

    public Margin.Kind getKind() {
        return kind;
    }

    public void setKind(Margin.Kind kind) {
        this.kind = kind;
    }

    public double getScale() {
        return scale;
    }

    public void setScale(double scale) {
        this.scale = scale;
    }

    public double getMargin() {
        return margin;
    }

    public void setMargin(double margin) {
        this.margin = margin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MarginSoftmaxLoss l && kind == l.kind && scale == l.scale && margin == l.margin;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, scale, margin);
    }

    @Override
    public String toString() {
        return "MarginSoftmaxLoss(" + kind + ",s=" + scale + ",m=" + margin + ")";
    }
}
