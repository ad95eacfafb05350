package org.facenas.searchspace.arch;

import java.util.Arrays;

/** The kinds of block a stage repeats. The token is the block-string prefix. */
public enum BlockType {
    /** Depthwise-separable: depthwise kxk + BN + PReLU, pointwise 1x1 + BN (linear, as timm's DS block). */
    DS("ds"),
    /** Inverted-residual bottleneck (MobileNetV2/MobileFaceNet): 1x1 expand, depthwise kxk, optional SE, 1x1 linear project. */
    IR("ir"),
    /** ResNet-IR basic block (insightface IBasicBlock): BN-Conv-BN-PReLU-Conv-BN, projection shortcut when the shape changes. */
    RES("res");

    private final String token;

    BlockType(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public static BlockType fromToken(String token) {
        return Arrays.stream(values()).filter(t -> t.token.equals(token)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown block type '" + token + "' (expected ds, ir or res)"));
    }
}
