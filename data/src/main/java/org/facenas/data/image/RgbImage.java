package org.facenas.data.image;

import java.awt.image.BufferedImage;

/**
 * An 8-bit RGB image, pixels interleaved row by row (r,g,b,r,g,b,...).
 *
 * <p>Kept independent of {@link BufferedImage} so that resizing, flipping and warping are plain
 * array code with exactly defined rounding, identical on every JDK.
 *
 * @param width  width in pixels
 * @param height height in pixels
 * @param rgb    {@code width*height*3} bytes, treat as unsigned
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0 || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("RGB image " + width + "x" + height + " needs "
                    + (long) width * height * 3 + " bytes, got " + rgb.length);
        }
    }

    /** A black image. */
    public static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new byte[width * height * 3]);
    }

    /** Copies any {@link BufferedImage}; grey images are replicated into three equal channels. */
    public static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int o = (y * w + x) * 3;
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** A grey image (one byte per pixel) replicated into three channels. */
    public static RgbImage ofGrey(int width, int height, byte[] grey) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            rgb[3 * i] = grey[i];
            rgb[3 * i + 1] = grey[i];
            rgb[3 * i + 2] = grey[i];
        }
        return new RgbImage(width, height, rgb);
    }

    /** Channel value 0..255 at (x, y), channel 0 = red. */
    public int get(int x, int y, int channel) {
        return rgb[(y * width + x) * 3 + channel] & 0xff;
    }

    /** ITU-R BT.601 luma 0..255 at (x, y), as used by most landmark models trained on grey crops. */
    public float luma(int x, int y) {
        int o = (y * width + x) * 3;
        return 0.299f * (rgb[o] & 0xff) + 0.587f * (rgb[o + 1] & 0xff) + 0.114f * (rgb[o + 2] & 0xff);
    }

    /** A TYPE_INT_RGB copy, e.g. for writing with ImageIO. */
    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = (y * width + x) * 3;
                row[x] = (rgb[o] & 0xff) << 16 | (rgb[o + 1] & 0xff) << 8 | (rgb[o + 2] & 0xff);
            }
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        return out;
    }

    /** Mirror image (left-right). */
    public RgbImage flipHorizontal() {
        byte[] out = new byte[rgb.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                System.arraycopy(rgb, (y * width + x) * 3, out, (y * width + (width - 1 - x)) * 3, 3);
            }
        }
        return new RgbImage(width, height, out);
    }

    /**
     * Bilinear sample of one channel at a sub-pixel position (pixel centres at integer
     * coordinates); positions outside the image read as 0, matching OpenCV warpAffine's
     * default constant border used by the reference alignment code.
     */
    public float sample(float x, float y, int channel) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = x - x0;
        float fy = y - y0;
        float v00 = at(x0, y0, channel);
        float v10 = at(x0 + 1, y0, channel);
        float v01 = at(x0, y0 + 1, channel);
        float v11 = at(x0 + 1, y0 + 1, channel);
        return (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
    }

    private float at(int x, int y, int channel) {
        return x < 0 || y < 0 || x >= width || y >= height ? 0f : get(x, y, channel);
    }
}
