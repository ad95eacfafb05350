package org.facenas.evaluator.dl4j;

/**
 * The loops of {@link ChannelPasses} over one chunk of whole planes held in a Java array: {@code planes} planes of
 * {@code plane} values, the first of channel {@code c0} of {@code channels}. Each loop exists for float (training)
 * and for double (gradient checks) with the same body. Sums accumulate in double, in two independent partial sums
 * each so that the additions do not wait on each other; batch norm's affine maps are computed in double and
 * rounded once (in float, four roundings per value put a batch-norm layer's input gradient 2e-5 away from DL4J's
 * where its sum over the batch cancels); PReLU, one product per value, in the data type. A value is centred on its
 * channel's mean before it is scaled ({@code k * (x - mean)}, not {@code k * x - k * mean}), which loses no digits
 * when a channel's mean is large against its spread.
 */
final class ChannelKernels {

    private ChannelKernels() {
    }

    static void sums(float[] a, int planes, int plane, int c0, int channels, double[] sum, double[] sumSq) {
        int c = c0;
        for (int p = 0, o = 0; p < planes; p++, o += plane) {
            double s0 = 0, s1 = 0, q0 = 0, q1 = 0;
            int i = o;
            int end = o + plane;
            for (; i + 1 < end; i += 2) {
                double v0 = a[i], v1 = a[i + 1];
                s0 += v0;
                s1 += v1;
                q0 += v0 * v0;
                q1 += v1 * v1;
            }
            for (; i < end; i++) {
                double v = a[i];
                s0 += v;
                q0 += v * v;
            }
            sum[c] += s0 + s1;
            sumSq[c] += q0 + q1;
            c = c + 1 == channels ? 0 : c + 1;
        }
    }

    static void sums(double[] a, int planes, int plane, int c0, int channels, double[] sum, double[] sumSq) {
        int c = c0;
        for (int p = 0, o = 0; p < planes; p++, o += plane) {
            double s0 = 0, s1 = 0, q0 = 0, q1 = 0;
            int i = o;
            int end = o + plane;
            for (; i + 1 < end; i += 2) {
                double v0 = a[i], v1 = a[i + 1];
                s0 += v0;
                s1 += v1;
                q0 += v0 * v0;
                q1 += v1 * v1;
            }
            for (; i < end; i++) {
                double v = a[i];
                s0 += v;
                q0 += v * v;
            }
            sum[c] += s0 + s1;
            sumSq[c] += q0 + q1;
            c = c + 1 == channels ? 0 : c + 1;
        }
    }

    static void sumsOfProduct(float[] y, float[] x, int planes, int plane, int c0, int channels, double[] sumY, double[] sumYX) {
        int c = c0;
        for (int p = 0, o = 0; p < planes; p++, o += plane) {
            double s0 = 0, s1 = 0, q0 = 0, q1 = 0;
            int i = o;
            int end = o + plane;
            for (; i + 1 < end; i += 2) {
                double y0 = y[i], y1 = y[i + 1];
                s0 += y0;
                s1 += y1;
                q0 += y0 * x[i];
                q1 += y1 * x[i + 1];
            }
            for (; i < end; i++) {
                s0 += y[i];
                q0 += (double) y[i] * x[i];
            }
            sumY[c] += s0 + s1;
            sumYX[c] += q0 + q1;
            c = c + 1 == channels ? 0 : c + 1;
        }
    }

    static void sumsOfProduct(double[] y, double[] x, int planes, int plane, int c0, int channels, double[] sumY, double[] sumYX) {
        int c = c0;
        for (int p = 0, o = 0; p < planes; p++, o += plane) {
            double s0 = 0, s1 = 0, q0 = 0, q1 = 0;
            int i = o;
            int end = o + plane;
            for (; i + 1 < end; i += 2) {
                double y0 = y[i], y1 = y[i + 1];
                s0 += y0;
                s1 += y1;
                q0 += y0 * x[i];
                q1 += y1 * x[i + 1];
            }
            for (; i < end; i++) {
                s0 += y[i];
                q0 += y[i] * x[i];
            }
            sumY[c] += s0 + s1;
            sumYX[c] += q0 + q1;
            c = c + 1 == channels ? 0 : c + 1;
        }
    }

    /** out = k[c] * (a - center[c]) + shift[c]. */
    static void scaleShift(float[] a, float[] out, int planes, int plane, int c0, int channels, double[] center, double[] k,
                           double[] shift) {
        int c = c0;
        for (int p = 0, o = 0; p < planes; p++, o += plane) {
            double mc = center[c];
            double kc = k[c];
            double sc = shift[c];
            for (int i = o; i < o + plane; i++) {
                out[i] = (float) (kc * (a[i] - mc) + sc);
            }
            c = c + 1 == channels ? 0 : c + 1;
        }
    }

    static void scaleShift(double[] a, double[] out, int planes, int plane, int c0, int channels, double[] center, double[] k,
                           double[] shift) {
        int c = c0;
        for (int p = 0, o = 0; p < planes; p++, o += plane) {
            double mc = center[c];
            double kc = k[c];
            double sc = shift[c];
            for (int i = o; i < o + plane; i++) {
                out[i] = kc * (a[i] - mc) + sc;
            }
            c = c + 1 == channels ? 0 : c + 1;
        }
    }

    /** out = k[c] * y + m[c] * (x - center[c]) + shift[c]. */
    static void combine(float[] y, float[] x, float[] out, int planes, int plane, int c0, int channels, double[] k,
                        double[] m, double[] center, double[] shift) {
        int c = c0;
        for (int p = 0, o = 0; p < planes; p++, o += plane) {
            double kc = k[c];
            double mc = m[c];
            double cc = center[c];
            double sc = shift[c];
            for (int i = o; i < o + plane; i++) {
                out[i] = (float) (kc * y[i] + mc * (x[i] - cc) + sc);
            }
            c = c + 1 == channels ? 0 : c + 1;
        }
    }

    static void combine(double[] y, double[] x, double[] out, int planes, int plane, int c0, int channels, double[] k,
                        double[] m, double[] center, double[] shift) {
        int c = c0;
        for (int p = 0, o = 0; p < planes; p++, o += plane) {
            double kc = k[c];
            double mc = m[c];
            double cc = center[c];
            double sc = shift[c];
            for (int i = o; i < o + plane; i++) {
                out[i] = kc * y[i] + mc * (x[i] - cc) + sc;
            }
            c = c + 1 == channels ? 0 : c + 1;
        }
    }

    /** out = max(a, 0) + slope[c] * min(a, 0). */
    static void prelu(float[] a, float[] out, int planes, int plane, int c0, int channels, float[] slope) {
        int c = c0;
        for (int p = 0, o = 0; p < planes; p++, o += plane) {
            float s = slope[c];
            for (int i = o; i < o + plane; i++) {
                float v = a[i];
                out[i] = Math.max(v, 0f) + s * Math.min(v, 0f);
            }
            c = c + 1 == channels ? 0 : c + 1;
        }
    }

    static void prelu(double[] a, double[] out, int planes, int plane, int c0, int channels, double[] slope) {
        int c = c0;
        for (int p = 0, o = 0; p < planes; p++, o += plane) {
            double s = slope[c];
            for (int i = o; i < o + plane; i++) {
                double v = a[i];
                out[i] = Math.max(v, 0.0) + s * Math.min(v, 0.0);
            }
            c = c + 1 == channels ? 0 : c + 1;
        }
    }

    /**
     * dx = [x < 0] * slope[c] * dy + [x >= 0] * dy, the indicator being the sign bit (so -0.0 counts as negative; the
     * derivative at 0 is a convention either way), one rounding as with a branch; dSlope[c] += sum of dy * min(x, 0).
     */
    static void preluBackward(float[] x, float[] dy, float[] dx, int planes, int plane, int c0, int channels, float[] slope,
                              double[] dSlope) {
        int c = c0;
        for (int p = 0, o = 0; p < planes; p++, o += plane) {
            float s = slope[c];
            double d0 = 0, d1 = 0;
            int i = o;
            int end = o + plane;
            for (; i + 1 < end; i += 2) {
                float v0 = x[i], g0 = dy[i], v1 = x[i + 1], g1 = dy[i + 1];
                d0 += g0 * Math.min(v0, 0f);
                d1 += g1 * Math.min(v1, 0f);
                float n0 = Float.floatToRawIntBits(v0) >>> 31, n1 = Float.floatToRawIntBits(v1) >>> 31;
                dx[i] = n0 * (s * g0) + (1 - n0) * g0;
                dx[i + 1] = n1 * (s * g1) + (1 - n1) * g1;
            }
            for (; i < end; i++) {
                float v = x[i], g = dy[i];
                d0 += g * Math.min(v, 0f);
                float n = Float.floatToRawIntBits(v) >>> 31;
                dx[i] = n * (s * g) + (1 - n) * g;
            }
            dSlope[c] += d0 + d1;
            c = c + 1 == channels ? 0 : c + 1;
        }
    }

    static void preluBackward(double[] x, double[] dy, double[] dx, int planes, int plane, int c0, int channels, double[] slope,
                              double[] dSlope) {
        int c = c0;
        for (int p = 0, o = 0; p < planes; p++, o += plane) {
            double s = slope[c];
            double d0 = 0, d1 = 0;
            int i = o;
            int end = o + plane;
            for (; i + 1 < end; i += 2) {
                double v0 = x[i], g0 = dy[i], v1 = x[i + 1], g1 = dy[i + 1];
                d0 += g0 * Math.min(v0, 0.0);
                d1 += g1 * Math.min(v1, 0.0);
                double n0 = Double.doubleToRawLongBits(v0) >>> 63, n1 = Double.doubleToRawLongBits(v1) >>> 63;
                dx[i] = n0 * (s * g0) + (1 - n0) * g0;
                dx[i + 1] = n1 * (s * g1) + (1 - n1) * g1;
            }
            for (; i < end; i++) {
                double v = x[i], g = dy[i];
                d0 += g * Math.min(v, 0.0);
                double n = Double.doubleToRawLongBits(v) >>> 63;
                dx[i] = n * (s * g) + (1 - n) * g;
            }
            dSlope[c] += d0 + d1;
            c = c + 1 == channels ? 0 : c + 1;
        }
    }
}
