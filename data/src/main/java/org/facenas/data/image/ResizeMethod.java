package org.facenas.data.image;

/** How an image is scaled to the network input size. */
public enum ResizeMethod {
    /** Bilinear interpolation; fine for upscaling or mild downscaling. */
    BILINEAR,
    /** Box-filter area averaging; avoids aliasing when shrinking 112 px faces to small proxies. */
    AREA;

    /** Resizes with this method; returns the same image if the size already matches. */
    public RgbImage resize(RgbImage in, int width, int height) {
        if (in.width() == width && in.height() == height) {
            return in;
        }
        return this == BILINEAR || width > in.width() || height > in.height()
                ? bilinear(in, width, height) : area(in, width, height);
    }

    private static RgbImage bilinear(RgbImage in, int width, int height) {
        byte[] out = new byte[width * height * 3];
        float sx = (float) in.width() / width;
        float sy = (float) in.height() / height;
        for (int y = 0; y < height; y++) {
            // Half-pixel centres, as in OpenCV INTER_LINEAR and PIL; clamped so edges replicate.
            float fy = Math.min(Math.max((y + 0.5f) * sy - 0.5f, 0f), in.height() - 1f);
            for (int x = 0; x < width; x++) {
                float fx = Math.min(Math.max((x + 0.5f) * sx - 0.5f, 0f), in.width() - 1f);
                for (int c = 0; c < 3; c++) {
                    out[(y * width + x) * 3 + c] = (byte) Math.round(in.sample(fx, fy, c));
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    private static RgbImage area(RgbImage in, int width, int height) {
        byte[] out = new byte[width * height * 3];
        double sx = (double) in.width() / width;
        double sy = (double) in.height() / height;
        for (int y = 0; y < height; y++) {
            double y0 = y * sy;
            double y1 = y0 + sy;
            for (int x = 0; x < width; x++) {
                double x0 = x * sx;
                double x1 = x0 + sx;
                double[] sum = new double[3];
                double weight = 0;
                for (int iy = (int) y0; iy < Math.min(Math.ceil(y1), in.height()); iy++) {
                    double wy = Math.min(iy + 1, y1) - Math.max(iy, y0);
                    for (int ix = (int) x0; ix < Math.min(Math.ceil(x1), in.width()); ix++) {
                        double w = wy * (Math.min(ix + 1, x1) - Math.max(ix, x0));
                        for (int c = 0; c < 3; c++) {
                            sum[c] += w * in.get(ix, iy, c);
                        }
                        weight += w;
                    }
                }
                for (int c = 0; c < 3; c++) {
                    out[(y * width + x) * 3 + c] = (byte) Math.round(sum[c] / weight);
                }
            }
        }
        return new RgbImage(width, height, out);
    }
}
