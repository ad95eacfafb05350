package org.facenas.evaluator.zerocost;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.dl4j.GradientTapVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The zero-cost scores on any DL4J graph, as defined in SamsungLabs/zero-cost-nas ({@code measures/}): the caller
 * names the weights that count (the reference's Conv2d and Linear layers) and the rectifiers whose codes NASWOT reads,
 * so the definitions can be checked on small hand-built networks. Every score is read at initialisation: no update.
 */
public final class ZeroCostMeasures {

    private ZeroCostMeasures() {
    }

    /** grad_norm and snip from one loss gradient. */
    public record GradientScores(double gradNorm, double snip) {
    }

    /**
     * SynFlow (Tanaka et al. 2020) as zero-cost-nas computes it: every parameter replaced by its absolute value, an
     * input of ones, R = the sum of the output, and sum |theta * dR/dtheta| over {@code weights}. The network is
     * changed (its parameters made absolute): pass one built for this. Returns ln of the sum, in the network's
     * precision (double is what keeps R finite on deep networks).
     *
     * @param inputShape the shape of the ones the score is defined on, batch 1 (e.g. [1, 3, S, S])
     */
    public static double logSynflow(ComputationGraph net, List<String> weights, long[] inputShape) {
        Transforms.abs(net.params(), false);
        // two identical inputs and half the sum: the same score, since nothing in a network without BN mixes images,
        // but ND4J's depthwise convolution fails on a batch of one whose map is 1x1 (a GDC after many stride-2 stages)
        long[] twice = inputShape.clone();
        twice[0] = 2 * inputShape[0];
        INDArray ones = Nd4j.ones(net.params().dataType(), twice);
        INDArray out = output(net, ones);
        Gradient g = net.backpropGradient(Nd4j.onesLike(out));
        double sum = 0;
        for (String key : weights) {
            sum += net.getParam(key).mul(gradientOf(g, key)).sumNumber().doubleValue();
        }
        return Math.log(sum / 2);
    }

    /**
     * NASWOT: log|det| of the kernel of the images' binary codes (unit > 0) at the named rectifier vertices, after
     * one training-mode forward pass (batch statistics in BN, as the reference's network in train mode). A PReLU with
     * a positive slope keeps the sign of its input, so its output's code is the pre-activation's sign pattern.
     */
    public static double naswot(ComputationGraph net, INDArray batch, List<String> rectifiers) {
        Map<String, INDArray> acts = net.feedForward(new INDArray[] {batch}, true, true);
        NaswotKernel k = new NaswotKernel((int) batch.size(0));
        for (String r : rectifiers) {
            INDArray a = acts.get(r);
            if (a == null) {
                throw new IllegalArgumentException("no activations of vertex " + r);
            }
            k.add(a.gt(0).castTo(DataType.FLOAT));
        }
        return k.logDet();
    }

    /**
     * grad_norm (sum over layers of ||dL/dW||_2) and snip (sum |dL/dW * W|) over {@code weights}, from one
     * training-mode gradient of the network's own loss on {@code batch}.
     */
    public static GradientScores gradients(ComputationGraph net, INDArray batch, INDArray[] labels, List<String> weights) {
        net.setInputs(batch);
        net.setLabels(labels);
        net.computeGradientAndScore();
        Gradient g = net.gradient();
        double norm = 0;
        double snip = 0;
        for (String key : weights) {
            INDArray grad = gradientOf(g, key).castTo(DataType.DOUBLE);
            norm += grad.norm2Number().doubleValue();
            snip += Transforms.abs(grad.mul(net.getParam(key).castTo(DataType.DOUBLE)), false).sumNumber().doubleValue();
        }
        net.clear();
        return new GradientScores(norm, snip);
    }

    /**
     * jacob_cov of the images' input Jacobians of the sum of the (first) output (the reference's
     * {@code get_batch_jacobian}); each image's own Jacobian only if nothing in {@code net} mixes images (no batch
     * statistics).
     */
    public static double jacobCov(ComputationGraph net, INDArray batch, String tap) {
        return JacobianCovariance.score(inputJacobians(net, batch, tap));
    }

    /**
     * d(sum of the output)/d(input), one flattened row per image, read at {@code tap}, a {@link GradientTapVertex}
     * right after the input (DL4J keeps no gradient for the input vertex itself).
     */
    static double[][] inputJacobians(ComputationGraph net, INDArray batch, String tap) {
        INDArray out = output(net, batch);
        net.backpropGradient(Nd4j.onesLike(out));
        if (!(net.getVertex(tap) instanceof GradientTapVertex.Impl t) || t.tapped() == null) {
            throw new IllegalStateException("vertex " + tap + " is no gradient tap that a backward pass reached");
        }
        INDArray eps = t.tapped();
        return eps.castTo(DataType.DOUBLE).reshape(batch.size(0), batch.length() / batch.size(0)).toDoubleMatrix();
    }

    /** A training-mode forward pass that keeps each layer's input for a backward pass; the (first) output. */
    private static INDArray output(ComputationGraph net, INDArray input) {
        Map<String, INDArray> acts = net.feedForward(new INDArray[] {input}, true, false);
        return acts.get(net.getConfiguration().getNetworkOutputs().get(0));
    }

    private static INDArray gradientOf(Gradient g, String key) {
        INDArray grad = g.getGradientFor(key);
        if (grad == null) {
            throw new IllegalArgumentException("no gradient for parameter " + key);
        }
        return grad;
    }
}
