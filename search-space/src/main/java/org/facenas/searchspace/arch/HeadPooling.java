package org.facenas.searchspace.arch;

import java.util.Arrays;

/** How the head reduces the last feature map to a vector. */
public enum HeadPooling {
    /** Global average pooling: no parameters, treats every position alike. */
    GAP("gap"),
    /** Linear global depthwise convolution (MobileFaceNet's GDConv): learns a per-position weighting, which matters for aligned faces. */
    GDC("gdc");

    private final String token;

    HeadPooling(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public static HeadPooling fromToken(String token) {
        return Arrays.stream(values()).filter(t -> t.token.equals(token)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown head pooling '" + token + "' (expected gdc or gap)"));
    }
}
