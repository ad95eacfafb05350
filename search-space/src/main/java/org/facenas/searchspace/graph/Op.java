package org.facenas.searchspace.graph;

/**
 * The primitive operations a FaceNAS network is made of. The cost model, the DL4J builder and the ONNX
 * exporter each map every op; a consumer that meets an op it has no rule for must fail, never count it as zero.
 */
public sealed interface Op {

    /** The network input: RGB {@code size x size}. */
    record Input(int channels, int size) implements Op {
    }

    /** 2-D convolution, square kernel, symmetric zero padding; {@code groups == in == out} is depthwise. */
    record Conv2d(int outChannels, int kernel, int stride, int padding, int groups, boolean bias) implements Op {
    }

    /** Batch normalisation over channels (trainable gamma and beta; running mean/var are not parameters). */
    record BatchNorm() implements Op {
    }

    /** PReLU with one learned slope per channel, shared over height and width. */
    record PRelu() implements Op {
    }

    record Relu() implements Op {
    }

    record Sigmoid() implements Op {
    }

    /** Element-wise sum of two equal shapes (the residual connection). */
    record Add() implements Op {
    }

    /** Mean over height and width: {@code (c,h,w) -> (c,1,1)}. */
    record GlobalAvgPool() implements Op {
    }

    /** Multiplies a feature map {@code (c,h,w)} (first input) by per-channel gates {@code (c,1,1)} (second input). */
    record ChannelScale() implements Op {
    }

    /** Fully connected layer on a vector {@code (c,1,1) -> (out,1,1)}. */
    record Linear(int outFeatures, boolean bias) implements Op {
    }
}
