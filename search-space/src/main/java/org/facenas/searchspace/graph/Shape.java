package org.facenas.searchspace.graph;

/** A feature-map shape for batch 1: channels x height x width. A vector is {@code (c, 1, 1)}. */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("feature map " + channels + "x" + height + "x" + width
                    + " is empty: the network downsamples too much for its input size");
        }
    }

    public long elements() {
        return (long) channels * height * width;
    }

    public boolean isVector() {
        return height == 1 && width == 1;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
