package org.facenas.searchspace.arch;

/**
 * The head: 1x1 conv to {@code channels} + BN + PReLU, then pooling (GDConv + BN, or GAP), then a linear
 * layer to {@code embeddingSize} + BN: the embedding.
 */
public record Head(int channels, HeadPooling pooling, int embeddingSize) {
    public Head {
        if (channels < 1 || channels > 4096) {
            throw new IllegalArgumentException("head width " + channels + " is out of range 1..4096");
        }
        if (pooling == null) {
            throw new IllegalArgumentException("head pooling is missing (gdc or gap)");
        }
        if (embeddingSize < 1 || embeddingSize > 4096) {
            throw new IllegalArgumentException("embedding size " + embeddingSize + " is out of range 1..4096");
        }
    }

    public String blockString() {
        return "head_c" + channels + "_" + pooling.token() + "_emb" + embeddingSize;
    }
}
