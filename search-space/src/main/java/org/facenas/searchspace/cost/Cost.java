package org.facenas.searchspace.cost;

import java.util.List;

/**
 * The analytical cost of an architecture at one input size, batch 1.
 *
 * @param params              every trainable scalar (conv and linear weights and biases, BN gamma and beta,
 *                            PReLU slopes); BN running statistics are not parameters
 * @param macs                multiply-accumulates of convolutions and linear layers; element-wise ops
 *                            (BN, PReLU, add, SE scaling, pooling) are not counted, as in the papers' tables
 * @param flops               2 x macs, kept as its own field because the literature mixes the two up
 * @param sizeBytes           fp32 weights: 4 x params
 * @param peakActivationBytes the most fp32 activation bytes alive at once when nodes run in order and each
 *                            tensor is freed after its last reader (no in-place reuse): input included
 */
public record Cost(int inputSize, long params, long macs, long flops, long sizeBytes, long peakActivationBytes,
                   List<StageCost> stages, List<NodeCost> nodes) {

    public Cost {
        stages = List.copyOf(stages);
        nodes = List.copyOf(nodes);
    }

    public double mflops() {
        return flops / 1e6;
    }

    public double mmacs() {
        return macs / 1e6;
    }

    public double mparams() {
        return params / 1e6;
    }

    /** Model size in megabytes of 10^6 bytes (the stricter reading of "20 MB"). */
    public double megabytes() {
        return sizeBytes / 1e6;
    }
}
