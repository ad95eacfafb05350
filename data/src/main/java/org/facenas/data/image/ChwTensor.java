package org.facenas.data.image;

/**
 * A float image tensor in channel-major (CHW) layout, the layout ONNX and DL4J conv nets take.
 *
 * @param data     {@code channels*height*width} values, index {@code (c*height + y)*width + x}
 * @param channels number of channels (3)
 * @param height   height
 * @param width    width
 */
public record ChwTensor(float[] data, int channels, int height, int width) {

    public ChwTensor {
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException("CHW tensor " + channels + "x" + height + "x" + width
                    + " needs " + channels * height * width + " floats, got " + data.length);
        }
    }

    /** Shape as {@code [channels, height, width]}. */
    public long[] shape() {
        return new long[] {channels, height, width};
    }

    /** Value at channel c, row y, column x. */
    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }
}
